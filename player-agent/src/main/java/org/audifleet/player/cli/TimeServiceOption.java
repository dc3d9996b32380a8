package org.audifleet.player.cli;

import java.util.function.Consumer;
import org.audifleet.player.sync.FleetClock;
import picocli.CommandLine.Option;

/**
 * {@code --time-service HOST:PORT}: where a station finds the fleet's time reference (issue 14). CONTRACT STUB: the
 * time-service helper replaces {@link #open} with the UDP exchange client; unset, the station's wall clock is fleet
 * time.
 */
public final class TimeServiceOption {

    @Option(names = "--time-service", defaultValue = "${env:AUDIFLEET_TIME_SERVICE:-}", paramLabel = "HOST:PORT",
            description = "The fleet's time service that group playback schedules by (default: none, the station's"
                + " wall clock is fleet time).")
    String timeService;

    /** The fleet clock this station schedules by; started (exchanging) when a time service is named. */
    public FleetClock open(Consumer<String> notices) {
        return FleetClock.wall();
    }
}
