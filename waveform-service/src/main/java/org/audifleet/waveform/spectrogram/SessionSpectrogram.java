package org.audifleet.waveform.spectrogram;

import org.audifleet.signal.Spectrogram;
import org.audifleet.wire.SampleRunSink;

/**
 * One session's spectrogram, made as its blocks arrive ({@link Spectrogram} from the signal module: Hann windows,
 * the window's mean removed, one-sided amplitude). The window is {@link SpectrogramProperties#windowSeconds} of
 * data as a power of two of samples, the hop {@code (1 - overlap)} of it. Memory: 4 bytes a bin, {@code window/2+1}
 * bins a column: 4 KiB per 10.24 s of 100 Hz data at the defaults, 34 MiB for a day. Not thread-safe: the session
 * feeds and reads it under its own monitor.
 */
public final class SessionSpectrogram implements SampleRunSink {

    private final double sampleRate;
    private final Spectrogram spectrogram;

    public SessionSpectrogram(double sampleRate, SpectrogramProperties properties) {
        this.sampleRate = sampleRate;
        int window = Spectrogram.windowFor(sampleRate, properties.windowSeconds());
        int hop = Math.max(1, (int) Math.round(window * (1 - properties.overlap())));
        this.spectrogram = new Spectrogram(window, hop);
    }

    @Override
    public void appendSamples(int[] counts, int offset, int length) {
        spectrogram.accept(counts, offset, length);
    }

    @Override
    public void appendGap(long missingSamples) {
        spectrogram.gap(missingSamples);
    }

    /** Bins from 0 Hz up to {@code maxHz} (all when null or at least Nyquist). */
    public int binsUpTo(Double maxHz) {
        int all = spectrogram.bins();
        if (maxHz == null) {
            return all;
        }
        int bins = (int) Math.floor(maxHz * spectrogram.window() / sampleRate) + 1;
        return Math.max(1, Math.min(all, bins));
    }

    public int columns() {
        return spectrogram.columns();
    }

    /** A copy of every column made so far, cut to {@code bins} bins. */
    public SpectrogramView view(long startMicros, int bins, boolean complete) {
        return new SpectrogramView(startMicros, sampleRate, spectrogram.window(), spectrogram.hop(), bins,
                spectrogram.copy(0, spectrogram.columns(), bins), complete);
    }
}
