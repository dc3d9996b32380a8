package org.audifleet.player.sync;

import java.util.function.LongSupplier;

/**
 * A station's {@link FleetClock} on simulated time: fleet time is true time ({@code trueNanos}) plus an epoch; the
 * station's wall clock is off by {@code offsetNanos} and runs {@code wallPpm} fast; the estimate of it is off by
 * {@link #estimateErrorNanos} (settable: a test can make it step).
 */
final class SimulatedFleetClock implements FleetClock {

    static final long EPOCH = 1_700_000_000_000_000_000L;

    private final LongSupplier trueNanos;
    private final long offsetNanos;
    private final double wallPpm;
    volatile long estimateErrorNanos;

    SimulatedFleetClock(LongSupplier trueNanos, long offsetNanos, double wallPpm) {
        this.trueNanos = trueNanos;
        this.offsetNanos = offsetNanos;
        this.wallPpm = wallPpm;
    }

    /** Fleet time of a true instant. */
    static long fleetOf(double trueNanos) {
        return EPOCH + Math.round(trueNanos);
    }

    @Override
    public long localNanos() {
        return EPOCH + offsetNanos + Math.round(trueNanos.getAsLong() * (1 + wallPpm * 1e-6));
    }

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public long toFleet(long localNanos) {
        return EPOCH + Math.round((localNanos - EPOCH - offsetNanos) / (1 + wallPpm * 1e-6)) + estimateErrorNanos;
    }

    @Override
    public long toLocal(long fleetNanos) {
        return EPOCH + offsetNanos + Math.round((fleetNanos - estimateErrorNanos - EPOCH) * (1 + wallPpm * 1e-6));
    }

    @Override
    public long offsetNanos() {
        return -offsetNanos;
    }

    @Override
    public long uncertaintyNanos() {
        return 1000;
    }

    @Override
    public double driftPpm() {
        return wallPpm;
    }

    @Override
    public String describe() {
        return "simulated";
    }
}
