package org.audifleet.player.station;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;
import org.audifleet.wire.SampleRunSink;

/**
 * A small min/max overview of one session, one bucket per terminal column, filled on the Kafka consumer thread as
 * blocks are released in session order and read by the status thread a few times a second.
 *
 * <p>Column {@code c} covers data-sample indices {@code [WaveformLine.firstSample(c), firstSample(c + 1))} of a
 * session of {@code totalSamples}; samples past the window (a longer last chunk) fold into the last column.
 * A column whose samples so far are all gap is a gap column; one with any data shows that data.
 *
 * <p>A session's size in samples is its window at the {@link SessionClock}'s rate, read on every append: the rate
 * is learned from the first block before that block's samples arrive here, so the columns span the window at the
 * stream's real rate.
 */
public final class SessionOverview implements SampleRunSink {

    /** Column states in a {@link Snapshot}. */
    public static final byte NOT_ARRIVED = 0;
    public static final byte DATA = 1;
    public static final byte GAP = 2;

    private final LongSupplier totalSamples;
    private final int columns;
    private final int[] mins;
    private final int[] maxs;
    private final byte[] states;
    private long position;

    /** An overview of {@code window} of data time at {@code clock}'s rate, in {@code columns} columns. */
    public SessionOverview(SessionClock clock, Duration window, int columns) {
        this(() -> Math.max(1, clock.samplesOf(window)), columns);
    }

    SessionOverview(long totalSamples, int columns) {
        this(() -> totalSamples, columns);
        if (totalSamples < 1) {
            throw new IllegalArgumentException("overview of " + totalSamples + " samples in " + columns + " columns");
        }
    }

    private SessionOverview(LongSupplier totalSamples, int columns) {
        if (columns < 1) {
            throw new IllegalArgumentException("overview in " + columns + " columns");
        }
        this.totalSamples = totalSamples;
        this.columns = columns;
        this.mins = new int[columns];
        this.maxs = new int[columns];
        this.states = new byte[columns];
    }

    /** Counts of the next {@code len} samples of the session. */
    @Override
    public synchronized void appendSamples(int[] counts, int off, int len) {
        long totalSamples = this.totalSamples.getAsLong();
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
    @Override
    public synchronized void appendGap(long length) {
        if (length <= 0) {
            return;
        }
        long totalSamples = this.totalSamples.getAsLong();
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
        return totalSamples.getAsLong();
    }

    public int columns() {
        return columns;
    }

    /** A consistent copy for drawing. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(totalSamples.getAsLong(), position, Arrays.copyOf(mins, columns),
                Arrays.copyOf(maxs, columns), Arrays.copyOf(states, columns));
    }

    /** Per-column min/max in counts and state ({@link #NOT_ARRIVED}, {@link #DATA}, {@link #GAP}). */
    public record Snapshot(long totalSamples, long arrivedSamples, int[] mins, int[] maxs, byte[] states) {
        public int columns() {
            return states.length;
        }
    }
}
