package org.audifleet.player.output;

/**
 * The device dropouts of one output: how many, how long in all, and the first {@value #EPISODES_KEPT} episodes'
 * lengths, in order. Written by the render thread only (into an array allocated up front, so counting one never
 * allocates), read by any thread.
 */
final class DropoutLog {

    static final int EPISODES_KEPT = 64;

    private final long[] episodeNanos = new long[EPISODES_KEPT];
    private volatile long count;
    private volatile long totalNanos;
    private volatile long stalls;

    /** The line ran dry: an episode begins whose length {@link #dryEnded} gives once the device plays again. */
    void dryBegan() {
        count = count + 1;
    }

    /** The device plays again after running dry: the episode begun last was {@code silentNanos} of silence. */
    void dryEnded(long silentNanos) {
        long n = count - 1;
        if (n < EPISODES_KEPT) {
            episodeNanos[(int) n] = silentNanos;
        }
        totalNanos = totalNanos + silentNanos;
    }

    /** The device stood still with the line full for {@code stoodStillNanos}: one whole episode. */
    void stalled(long stoodStillNanos) {
        long n = count;
        if (n < EPISODES_KEPT) {
            episodeNanos[(int) n] = stoodStillNanos;
        }
        count = n + 1;
        totalNanos = totalNanos + stoodStillNanos;
        stalls = stalls + 1;
    }

    long count() {
        return count;
    }

    double totalMillis() {
        return totalNanos / 1e6;
    }

    long stalls() {
        return stalls;
    }

    /** Each episode's length in milliseconds, in order (the first {@value #EPISODES_KEPT}). */
    double[] lengthsMillis() {
        int n = (int) Math.min(count, EPISODES_KEPT);
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            ms[i] = episodeNanos[i] / 1e6;
        }
        return ms;
    }
}
