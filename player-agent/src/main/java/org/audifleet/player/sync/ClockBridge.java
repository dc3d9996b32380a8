package org.audifleet.player.sync;

import java.util.function.LongSupplier;

/**
 * Maps the station's scheduling clock ({@link FleetClock#localNanos()}, its wall clock) onto the monotonic clock the
 * render thread and the device readings use ({@code System.nanoTime()}). The two can run at different rates (under
 * {@code faketime} the wall clock runs fast, the monotonic one too unless FAKETIME_DONT_FAKE_MONOTONIC is set), so
 * the offset is sampled afresh every follower step: a wall reading between two monotonic ones, kept when the two
 * lie close together (the thread was not preempted in between). Plain Java, one thread.
 */
final class ClockBridge {

    /** A sample whose monotonic bracket is wider than this is not trusted (a preempted thread). */
    static final long MAX_BRACKET_NANOS = 200_000;

    private final LongSupplier monotonic;
    private final LongSupplier wall;
    private long offset; // wall − monotonic
    private boolean known;

    ClockBridge(LongSupplier monotonic, LongSupplier wall) {
        this.monotonic = monotonic;
        this.wall = wall;
    }

    /** Takes a fresh sample (a few tries for a narrow bracket); true when the offset is known. */
    boolean refresh() {
        long bestWidth = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long before = monotonic.getAsLong();
            long w = wall.getAsLong();
            long after = monotonic.getAsLong();
            long width = after - before;
            if (width < bestWidth && (width <= MAX_BRACKET_NANOS || !known)) {
                bestWidth = width;
                offset = w - (before + width / 2);
                known = true;
            }
            if (width <= MAX_BRACKET_NANOS / 10) {
                break;
            }
        }
        return known;
    }

    long monotonicNow() {
        return monotonic.getAsLong();
    }

    long toMonotonic(long wallNanos) {
        return wallNanos - offset;
    }

    long toWall(long monotonicNanos) {
        return monotonicNanos + offset;
    }
}
