package org.audifleet.player.station;

import java.util.Arrays;

/**
 * A small min/max overview of one session, one bucket per terminal column, filled on the Kafka consumer thread as
 * blocks are released in session order and read by the status thread a few times a second.
 *
 * <p>Column {@code c} covers data-sample indices {@code [WaveformLine.firstSample(c), firstSample(c + 1))} of a
 * session of {@code totalSamples}; samples past the window (a longer last chunk) fold into the last column.
 * A column whose samples so far are all gap is a gap column; one with any data shows that data.
 */
public final class SessionOverview {

    /** Column states in a {@link Snapshot}. */
    public static final byte NOT_ARRIVED = 0;
    public static final byte DATA = 1;
    public static final byte GAP = 2;

    private final long totalSamples;
    private final int columns;
    private final int[] mins;
    private final int[] maxs;
    private final byte[] states;
    private long position;

    public SessionOverview(long totalSamples, int columns) {
        if (totalSamples < 1 || columns < 1) {
            throw new IllegalArgumentException("overview of " + totalSamples + " samples in " + columns + " columns");
        }
        this.totalSamples = totalSamples;
        this.columns = columns;
        this.mins = new int[columns];
        this.maxs = new int[columns];
        this.states = new byte[columns];
    }

    /** Counts of the next {@code len} samples of the session. */
    public synchronized void addSamples(int[] counts, int off, int len) {
        int done = 0;
        while (done < len) {
            int c = WaveformLine.column(position + done, totalSamples, columns);
            long columnEnd = c == columns - 1 ? Long.MAX_VALUE : WaveformLine.firstSample(c + 1, totalSamples, columns);
            int n = (int) Math.min(len - done, columnEnd - (position + done));
            int lo = states[c] == DATA ? mins[c] : Integer.MAX_VALUE;
            int hi = states[c] == DATA ? maxs[c] : Integer.MIN_VALUE;
            for (int i = off + done, end = off + done + n; i < end; i++) {
                int v = counts[i];
                if (v < lo) {
                    lo = v;
                }
                if (v > hi) {
                    hi = v;
                }
            }
            mins[c] = lo;
            maxs[c] = hi;
            states[c] = DATA;
            done += n;
        }
        position += len;
    }

    /** The next {@code length} samples of the session are missing. */
    public synchronized void addGap(long length) {
        if (length <= 0) {
            return;
        }
        int first = WaveformLine.column(position, totalSamples, columns);
        int last = WaveformLine.column(position + length - 1, totalSamples, columns);
        for (int c = first; c <= last; c++) {
            if (states[c] == NOT_ARRIVED) {
                states[c] = GAP;
            }
        }
        position += length;
    }

    public long totalSamples() {
        return totalSamples;
    }

    public int columns() {
        return columns;
    }

    /** A consistent copy for drawing. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(totalSamples, position, Arrays.copyOf(mins, columns), Arrays.copyOf(maxs, columns),
                Arrays.copyOf(states, columns));
    }

    /** Per-column min/max in counts and state ({@link #NOT_ARRIVED}, {@link #DATA}, {@link #GAP}). */
    public record Snapshot(long totalSamples, long arrivedSamples, int[] mins, int[] maxs, byte[] states) {
        public int columns() {
            return states.length;
        }
    }
}
