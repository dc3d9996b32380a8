package org.audifleet.time;

import java.time.Duration;
import java.util.Locale;
import org.audifleet.player.sync.FleetClock;

/**
 * A station's clock against a time service, in a JVM of its own (TimeServiceIntegrationTests starts it under
 * {@code faketime}): exchanges every PERIOD_MS for SECONDS, then prints one line of what the station estimated.
 *
 * <p>{@code ClockProbe HOST:PORT SECONDS PERIOD_MS}
 */
public final class ClockProbe {

    private ClockProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        long seconds = Long.parseLong(args[1]);
        try (FleetClock clock = FleetClock.timeService(args[0], Duration.ofMillis(Long.parseLong(args[2])),
                line -> System.err.println("probe: " + line))) {
            Thread.sleep(seconds * 1000);
            if (!clock.ready()) {
                System.out.println("probe: not ready after " + seconds + " s");
                System.exit(1);
            }
            long local = clock.localNanos();
            System.out.printf(Locale.ROOT, "estimate offset_ns=%d uncertainty_ns=%d drift_ppm=%.3f fleet_ns=%d"
                    + " local_ns=%d%n", clock.offsetNanos(), clock.uncertaintyNanos(), clock.driftPpm(),
                    clock.toFleet(local), local);
        }
    }
}
