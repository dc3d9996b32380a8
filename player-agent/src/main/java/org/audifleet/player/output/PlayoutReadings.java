package org.audifleet.player.output;

import java.util.ArrayList;
import java.util.List;

/**
 * What a device output says after each write: when ({@code System.nanoTime()}), how many frames it has been given,
 * and how many the device reports played. The render thread publishes each triple into a ring of the last
 * {@value #RING} (plain array writes, then a volatile count: no allocation, no lock); any other thread reads the
 * ones it has not seen ({@link #since}), each consistent, e.g. to learn when a frame is heard (sync/DeviceTiming).
 */
public final class PlayoutReadings {

    /** For outputs that have no device behind them: never publishes. */
    public static final PlayoutReadings NONE = new PlayoutReadings();

    /** Readings kept: 0.74 s of 512-frame writes, for a reader that comes 20 times a second, or late. */
    static final int RING = 64;

    private final long[] nanos = new long[RING];
    private final long[] written = new long[RING];
    private final long[] played = new long[RING];
    private volatile long count;

    /** One writer thread only (the render thread). */
    public void publish(long atNanos, long framesWritten, long framesPlayed) {
        long c = count;
        int i = (int) (c % RING);
        nanos[i] = atNanos;
        written[i] = framesWritten;
        played[i] = framesPlayed;
        count = c + 1; // the volatile write publishes the entry
    }

    /** Readings published so far: the index the next one gets. */
    public long count() {
        return count;
    }

    /**
     * The readings with index {@code from} or later that are still in the ring, oldest first; any thread. Entries
     * the writer may have overwritten while they were copied are left out.
     */
    public List<PlayoutReading> since(long from) {
        long end = count;
        long start = Math.max(from, end - RING + 1);
        List<PlayoutReading> out = new ArrayList<>((int) Math.max(0, end - start));
        for (long k = start; k < end; k++) {
            int i = (int) (k % RING);
            out.add(new PlayoutReading(k, nanos[i], written[i], played[i]));
        }
        long after = count;
        out.removeIf(r -> r.index() <= after - RING); // overwritten, or being overwritten, while copied
        return out;
    }

    /**
     * @param index its place in the sequence of readings
     * @param nanos {@code System.nanoTime()} when the device was asked
     * @param written frames the output had been given by then
     * @param played frames the device reported played (taken by the sound server), never more than written
     */
    public record PlayoutReading(long index, long nanos, long written, long played) {
    }
}
