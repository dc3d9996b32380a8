package org.audifleet.player.sync;

/**
 * The fleet's one time reference as this station sees it: the station's own clock (its wall clock, what
 * {@code faketime} shifts and speeds up) and the estimated offset to the fleet's time service. Every instant a group
 * schedules is fleet time; a station turns it into its own time here, and nowhere else. Thread-safe.
 */
public interface FleetClock extends AutoCloseable {

    /** The station's own clock now, epoch nanoseconds of its wall clock. */
    long localNanos();

    /** Whether the offset is known well enough to schedule by (enough exchanges answered). */
    boolean ready();

    /** The fleet instant for a station instant, epoch ns; only when {@link #ready()}. */
    long toFleet(long localNanos);

    /** The station instant for a fleet instant, epoch ns; only when {@link #ready()}. */
    long toLocal(long fleetNanos);

    /** Fleet time now, epoch ns; only when {@link #ready()}. */
    default long fleetNanos() {
        return toFleet(localNanos());
    }

    /** Fleet minus station time now, ns (0 until ready). */
    long offsetNanos();

    /** The offset's uncertainty now, ns (Long.MAX_VALUE until ready). */
    long uncertaintyNanos();

    /** The station clock's drift against the fleet's, ppm (positive: the station's clock runs fast). */
    double driftPpm();

    /** Where the reference is, for logs and status ("udp://host:port", "local wall clock"). */
    String describe();

    @Override
    default void close() {
    }

    /** The station's wall clock taken as fleet time: one host, tests, or a fleet without a time service. */
    static FleetClock wall() {
        return WallClock.INSTANCE;
    }
}
