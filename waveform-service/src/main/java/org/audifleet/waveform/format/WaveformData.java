package org.audifleet.waveform.format;

import java.util.List;
import java.util.Objects;
import org.audifleet.waveform.pyramid.Buckets;

/**
 * Waveform data as audiowaveform's formats hold it: {@code length} min/max pairs per channel, 8 or 16 bits,
 * channels interleaved per index: {@code data = [min(0,c0), max(0,c0), min(0,c1), max(0,c1), min(1,c0), ...]}.
 */
public record WaveformData(int sampleRate, int samplesPerPixel, int bits, int channels, int length, int[] data) {

    public WaveformData {
        Objects.requireNonNull(data, "data");
        if (bits != 8 && bits != 16) {
            throw new IllegalArgumentException("bits must be 8 or 16, not " + bits);
        }
        if (channels < 1 || length < 0 || sampleRate < 1 || samplesPerPixel < 1) {
            throw new IllegalArgumentException("bad header: channels " + channels + ", length " + length
                    + ", sample rate " + sampleRate + ", samples per pixel " + samplesPerPixel);
        }
        if ((long) length * channels * 2 != data.length) {
            throw new IllegalArgumentException(data.length + " values for " + length + " pairs x " + channels
                    + " channels");
        }
        int lo = bits == 8 ? Byte.MIN_VALUE : Short.MIN_VALUE;
        int hi = bits == 8 ? Byte.MAX_VALUE : Short.MAX_VALUE;
        for (int v : data) {
            if (v < lo || v > hi) {
                throw new IllegalArgumentException(v + " does not fit in " + bits + " bits");
            }
        }
    }

    /**
     * Quantizes per-channel buckets (same zoom, same first bucket, same count). An empty bucket (min > max,
     * inside a gap) is written as 0,0: both formats have no "missing" value, 0,0 draws as a flat line at the
     * centre in peaks.js and audiowaveform, and the image renderer, which needs to show gaps, works from the
     * buckets rather than from this.
     */
    public static WaveformData of(List<Buckets> channels, int sampleRate, int bits, Scaling scaling) {
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("no channels");
        }
        Buckets first = channels.get(0);
        int n = first.count();
        int c = channels.size();
        for (Buckets b : channels) {
            if (b.count() != n || b.samplesPerBucket() != first.samplesPerBucket()) {
                throw new IllegalArgumentException("channels differ in zoom or length");
            }
        }
        int[] data = new int[n * c * 2];
        for (int ch = 0; ch < c; ch++) {
            Buckets b = channels.get(ch);
            for (int i = 0; i < n; i++) {
                int at = (i * c + ch) * 2;
                if (!b.isEmpty(i)) {
                    data[at] = scaling.apply(b.mins()[i]);
                    data[at + 1] = scaling.apply(b.maxs()[i]);
                }
            }
        }
        return new WaveformData(sampleRate, first.samplesPerBucket(), bits, c, n, data);
    }

    public int min(int index, int channel) {
        return data[(index * channels + channel) * 2];
    }

    public int max(int index, int channel) {
        return data[(index * channels + channel) * 2 + 1];
    }
}
