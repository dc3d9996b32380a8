package org.audifleet.waveform.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.audifleet.waveform.format.Scaling;
import org.audifleet.waveform.format.WaveformWriter;
import org.audifleet.waveform.pyramid.Buckets;
import org.audifleet.waveform.pyramid.MinMaxPyramid;
import org.audifleet.wire.SampleRunSink;

/**
 * The min/max of a {@link TracePass} at one zoom, through the service's {@link MinMaxPyramid}: streamed into
 * a {@code .dat}/JSON file as the buckets become final when the values need no scale (16-bit PCM), so
 * memory stays the same for a file of any length; otherwise collected (8 bytes per bucket), because the
 * scale is the peak of everything.
 */
final class TraceMinMax {

    private TraceMinMax() {
    }

    /** What {@link #write} wrote. */
    record Written(int channels, long points) {
    }

    /**
     * @param datVersion {@code .dat} version, or null for audiowaveform's choice (1 for one channel, else 2);
     *                   ignored for JSON
     */
    static Written write(TracePass pass, int samplesPerPixel, int bits, Integer datVersion, boolean json, Path file)
            throws IOException {
        long frames = pass.trace().frames();
        long length = (frames + samplesPerPixel - 1) / samplesPerPixel;
        int outputs = pass.outputs();
        int rate = (int) Math.max(1, Math.round(pass.trace().sampleRate()));
        int version = datVersion != null ? datVersion : WaveformWriter.audiowaveformDatVersion(outputs);
        List<MinMaxPyramid> pyramids = pyramids(outputs, samplesPerPixel);
        if (pass.pcm16()) {
            Scaling scaling = Scaling.pcm16(bits);
            try (WaveformWriter writer = open(json, file, version, rate, samplesPerPixel, bits, outputs, length)) {
                List<SampleRunSink> sinks = new ArrayList<>();
                for (int c = 0; c < outputs; c++) {
                    sinks.add(new Draining(pyramids, c, writer, scaling));
                }
                try {
                    pass.feed(0, frames, sinks);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
                for (MinMaxPyramid p : pyramids) {
                    p.finish();
                }
                drainInto(pyramids, writer, scaling);
            }
        } else {
            pass.feed(0, frames, pyramids);
            long peak = 0;
            List<Buckets> buckets = new ArrayList<>();
            for (MinMaxPyramid p : pyramids) {
                p.finish();
                peak = Math.max(peak, p.peak());
                buckets.add(p.buckets(0));
            }
            try (WaveformWriter writer = open(json, file, version, rate, samplesPerPixel, bits, outputs, length)) {
                writer.append(buckets, Scaling.peak(peak, bits));
            }
        }
        return new Written(outputs, length);
    }

    /** Min/max per {@code samplesPerPixel} positions of each output over {@code [from, from + count)}, clipped. */
    static List<Buckets> columns(TracePass pass, int samplesPerPixel, long from, long count) throws IOException {
        long frames = pass.trace().frames();
        long first = Math.min(from, frames);
        long end = first + Math.max(0, Math.min(count, frames - first));
        List<MinMaxPyramid> pyramids = pyramids(pass.outputs(), samplesPerPixel);
        pass.feed(first, end, pyramids);
        List<Buckets> out = new ArrayList<>();
        for (MinMaxPyramid p : pyramids) {
            p.finish();
            out.add(p.buckets(0));
        }
        return out;
    }

    /** Largest |value| over buckets that are not empty. */
    static long peak(List<Buckets> channels) {
        long peak = 0;
        for (Buckets b : channels) {
            for (int i = 0; i < b.count(); i++) {
                if (!b.isEmpty(i)) {
                    peak = Math.max(peak, Math.max(-(long) b.mins()[i], b.maxs()[i]));
                }
            }
        }
        return peak;
    }

    private static List<MinMaxPyramid> pyramids(int outputs, int samplesPerPixel) {
        List<MinMaxPyramid> pyramids = new ArrayList<>();
        for (int c = 0; c < outputs; c++) {
            pyramids.add(new MinMaxPyramid(samplesPerPixel));
        }
        return pyramids;
    }

    private static WaveformWriter open(boolean json, Path file, int version, int rate, int spp, int bits,
            int channels, long length) throws IOException {
        return json ? WaveformWriter.json(file, rate, spp, bits, channels, length)
                : WaveformWriter.dat(file, version, rate, spp, bits, channels, length);
    }

    /** Writes the buckets every pyramid finished since the last call (the same number each) and frees them. */
    private static void drainInto(List<MinMaxPyramid> pyramids, WaveformWriter writer, Scaling scaling)
            throws IOException {
        List<Buckets> ready = new ArrayList<>(pyramids.size());
        for (MinMaxPyramid p : pyramids) {
            List<Buckets> drained = p.drain();
            if (drained.isEmpty()) {
                return;
            }
            ready.add(drained.get(0));
        }
        writer.append(ready, scaling);
        for (MinMaxPyramid p : pyramids) {
            p.forgetDrained();
        }
    }

    /**
     * Feeds one output's pyramid; after the last output's part of a block (a trace feeds every output the
     * same positions in turn) the finished buckets of all outputs are written.
     */
    private record Draining(List<MinMaxPyramid> pyramids, int output, WaveformWriter writer, Scaling scaling)
            implements SampleRunSink {
        @Override
        public void appendSamples(int[] counts, int offset, int length) {
            pyramids.get(output).appendSamples(counts, offset, length);
            afterBlock();
        }

        @Override
        public void appendGap(long missingSamples) {
            pyramids.get(output).appendGap(missingSamples);
            afterBlock();
        }

        private void afterBlock() {
            if (output == pyramids.size() - 1) {
                try {
                    drainInto(pyramids, writer, scaling);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
