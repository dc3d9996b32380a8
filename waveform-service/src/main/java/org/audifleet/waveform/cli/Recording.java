package org.audifleet.waveform.cli;

import java.util.List;

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

    /** Receives the runs of {@link #runs}: present samples, or a gap. */
    interface RunVisitor {
        void run(int from, int length, boolean gap);
    }

    Recording(double sampleRate, long startMicros, boolean pcm16, List<int[]> channels) {
        this(sampleRate, startMicros, pcm16, channels, List.of());
    }

    int frames() {
        return channels.get(0).length;
    }

    /** Visits positions {@code [from, to)} as alternating runs of samples and gaps, in order. */
    void runs(int from, int to, RunVisitor visitor) {
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
                visitor.run(at, g.from() - at, false);
                at = g.from();
            }
            int end = Math.min(gapEnd, to);
            visitor.run(at, end - at, true);
            at = end;
        }
        if (at < to) {
            visitor.run(at, to - at, false);
        }
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
}
