package org.audifleet.waveform.cli;

import java.util.List;
import org.audifleet.wire.SampleRunSink;

/**
 * A whole input trace held in memory, one channel: a miniSEED stream whose records are out of time order, so
 * they are sorted first ({@link MseedInput#read}).
 *
 * @param pcm16       the samples are 16-bit PCM, so 8/16-bit output keeps audiowaveform's semantics instead
 *                    of scaling by the peak
 * @param startMicros data time of the first sample, UTC µs since the epoch
 * @param gaps        missing runs of sample positions, in order and disjoint (miniSEED records that do not
 *                    meet); the channel arrays hold zeros there, and min/max treats them as gaps
 */
record Recording(double sampleRate, long startMicros, boolean pcm16, List<int[]> channels, List<Gap> gaps)
        implements Trace {

    /** {@code length} missing samples from position {@code from}. */
    record Gap(int from, int length) {
    }

    Recording {
        // A miniSEED stream is one channel; the streamed WAV is the only multi-channel input.
        if (channels.size() != 1) {
            throw new IllegalArgumentException("a recording is one channel, not " + channels.size());
        }
    }

    Recording(double sampleRate, long startMicros, boolean pcm16, List<int[]> channels) {
        this(sampleRate, startMicros, pcm16, channels, List.of());
    }

    @Override
    public int channelCount() {
        return channels.size();
    }

    @Override
    public long frames() {
        return channels.get(0).length;
    }

    @Override
    public void feed(long from, long to, boolean mix, List<? extends SampleRunSink> sinks) {
        if (from < 0 || to > frames() || from > to) {
            throw new IllegalArgumentException("positions [" + from + ", " + to + ") of " + frames());
        }
        runs(0, (int) from, (int) to, sinks.get(0));
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
}
