package org.audifleet.player.sync;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Consumer;

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

    /**
     * The fleet's time service at {@code hostPort} ({@code HOST:PORT}, {@code [IPv6]:PORT}), exchanging from now on
     * on a daemon thread of its own (player-agent/SYNC.md, "The time service"): not ready until enough exchanges are
     * answered; {@code notices} gets one line when the service stops answering and one when it answers again.
     *
     * @throws IllegalArgumentException for a value that is not HOST:PORT, saying what is accepted
     */
    static FleetClock timeService(String hostPort, Consumer<String> notices) {
        return TimeServiceClock.start(timeServiceAddress(hostPort), TimeServiceClock.Schedule.DEFAULT, notices);
    }

    /** {@link #timeService(String, Consumer)} with one exchange every {@code period} throughout (probes, tests). */
    static FleetClock timeService(String hostPort, Duration period, Consumer<String> notices) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("exchange period must be longer than zero: " + period);
        }
        return TimeServiceClock.start(timeServiceAddress(hostPort), TimeServiceClock.Schedule.every(period), notices);
    }

    /**
     * {@code HOST:PORT} as an address (unresolved: a name is looked up when exchanging, so a service whose name is
     * not yet known is "not answering", not a failed start).
     *
     * @throws IllegalArgumentException saying what is accepted
     */
    static InetSocketAddress timeServiceAddress(String hostPort) {
        String text = hostPort == null ? "" : hostPort.trim();
        int colon = text.lastIndexOf(':');
        String host = colon > 0 ? text.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            host = ""; // an IPv6 address needs its brackets to tell it from the port
        }
        int port = -1;
        if (colon > 0) {
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (host.isBlank() || port < 1 || port > 65_535 || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("'" + hostPort + "' is not HOST:PORT (a host name or address and a UDP"
                    + " port 1..65535, e.g. 127.0.0.1:9123 or [::1]:9123)");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }
}
