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

    /** The listener heard {@code silentNanos} of silence the session did not have: one episode. */
    void episode(long silentNanos) {
        long n = count;
        if (n < EPISODES_KEPT) {
            episodeNanos[(int) n] = silentNanos;
        }
        count = n + 1;
        totalNanos = totalNanos + silentNanos;
    }

    long count() {
        return count;
    }

    double totalMillis() {
        return totalNanos / 1e6;
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
