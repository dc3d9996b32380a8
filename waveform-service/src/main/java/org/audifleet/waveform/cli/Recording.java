package org.audifleet.waveform.cli;

import java.util.ArrayList;
import java.util.List;
import org.audifleet.waveform.pyramid.Buckets;
import org.audifleet.signal.Detrend;
import org.audifleet.waveform.pyramid.MinMaxPyramid;
import org.audifleet.signal.TraceProcessor;
import org.audifleet.wire.SampleRunSink;

/**
 * A whole input trace held in memory for the offline CLI: one sample array per channel.
 *
 * @param pcm16       the samples are 16-bit PCM (a WAV file), so 8/16-bit output keeps audiowaveform's
 *                    semantics instead of scaling by the peak
 * @param startMicros data time of the first sample, UTC µs since the epoch
 * @param gaps        missing runs of sample positions, in order and disjoint (miniSEED records that do not
 *                    meet); the channel arrays hold zeros there, and min/max treats them as gaps
 */
record Recording(double sampleRate, long startMicros, boolean pcm16, List<int[]> channels, List<Gap> gaps) {

    /** {@code length} missing samples from position {@code from}. */
    record Gap(int from, int length) {
    }

    Recording(double sampleRate, long startMicros, boolean pcm16, List<int[]> channels) {
        this(sampleRate, startMicros, pcm16, channels, List.of());
    }

    int frames() {
        return channels.get(0).length;
    }

    /**
     * Hands positions {@code [from, to)} of one channel to {@code sink} as runs of samples and gaps, in order.
     * Samples are handed over in place: a run's offset into the channel array is its position.
     */
    void runs(int channel, int from, int to, SampleRunSink sink) {
        int[] samples = channels.get(channel);
        int at = from;
        for (Gap g : gaps) {
            int gapEnd = g.from() + g.length();
            if (gapEnd <= at) {
                continue;
            }
            if (g.from() >= to) {
                break;
            }
            if (g.from() > at) {
                sink.appendSamples(samples, at, g.from() - at);
                at = g.from();
            }
            int end = Math.min(gapEnd, to);
            sink.appendGap(end - at);
            at = end;
        }
        if (at < to) {
            sink.appendSamples(samples, at, to - at);
        }
    }

    /** Min/max per {@code samplesPerBucket} positions of each channel over {@code [from, from + count)}. */
    List<Buckets> minMax(int samplesPerBucket, int from, int count) {
        List<Buckets> out = new ArrayList<>();
        int first = Math.min(from, frames());
        int n = Math.max(0, Math.min(count, frames() - from));
        for (int c = 0; c < channels.size(); c++) {
            MinMaxPyramid pyramid = new MinMaxPyramid(samplesPerBucket);
            runs(c, first, first + n, pyramid);
            pyramid.finish();
            out.add(pyramid.buckets(0));
        }
        return out;
    }

    /**
     * The whole trace detrended (the exact mean or line of everything, observed before any sample is
     * corrected) and high-passed ({@code highPassHz} 0: none).
     */
    Recording processed(Detrend.Mode mode, double highPassHz) {
        List<int[]> out = new ArrayList<>();
        for (int c = 0; c < channels.size(); c++) {
            Detrend detrend = new Detrend(mode);
            runs(c, 0, frames(), new DetrendObserver(detrend));
            detrend.freeze();
            int[] processed = new int[frames()];
            runs(c, 0, frames(), new ProcessedChannel(new TraceProcessor(sampleRate, detrend, highPassHz), processed));
            out.add(processed);
        }
        // Processed values can exceed 16 bits, so they are scaled by their peak like counts.
        return new Recording(sampleRate, startMicros, false, out, gaps);
    }

    /** The channels averaged into one, as audiowaveform mixes down: integer sum / channels, toward zero. */
    Recording mixedDown() {
        if (channels.size() == 1) {
            return this;
        }
        int n = frames();
        int[] mix = new int[n];
        for (int i = 0; i < n; i++) {
            long sum = 0;
            for (int[] c : channels) {
                sum += c[i];
            }
            mix[i] = (int) (sum / channels.size());
        }
        return new Recording(sampleRate, startMicros, pcm16, List.of(mix), gaps);
    }

    /** Adds every present sample to a detrend estimate; positions equal offsets, see {@link #runs}. */
    private record DetrendObserver(Detrend detrend) implements SampleRunSink {
        @Override
        public void appendSamples(int[] counts, int offset, int length) {
            detrend.observe(offset, counts, offset, length);
        }

        @Override
        public void appendGap(long missingSamples) {
            // a gap adds nothing to the estimate
        }
    }

    /** Writes the processed trace at the positions it came from; the array keeps zeros in gaps. */
    private record ProcessedChannel(TraceProcessor processor, int[] out) implements SampleRunSink {
        @Override
        public void appendSamples(int[] counts, int offset, int length) {
            processor.process(counts, offset, length, out, offset);
        }

        @Override
        public void appendGap(long missingSamples) {
            processor.gap(missingSamples);
        }
    }
}
