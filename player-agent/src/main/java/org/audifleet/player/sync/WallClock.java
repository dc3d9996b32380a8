package org.audifleet.player.sync;

import java.time.Instant;

/** {@link FleetClock#wall()}: the station's wall clock, offset 0, always ready. */
enum WallClock implements FleetClock {
    INSTANCE;

    @Override
    public long localNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public long toFleet(long localNanos) {
        return localNanos;
    }

    @Override
    public long toLocal(long fleetNanos) {
        return fleetNanos;
    }

    @Override
    public long offsetNanos() {
        return 0;
    }

    @Override
    public long uncertaintyNanos() {
        return 0;
    }

    @Override
    public double driftPpm() {
        return 0;
    }

    @Override
    public String describe() {
        return "the station's wall clock";
    }
}
