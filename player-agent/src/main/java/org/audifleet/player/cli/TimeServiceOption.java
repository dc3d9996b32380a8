package org.audifleet.player.cli;

import java.util.function.Consumer;
import org.audifleet.player.sync.FleetClock;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --time-service HOST:PORT}: where a station finds the fleet's time reference (issue 14, the fleet's
 * {@code time-service}); unset, the station's wall clock is fleet time. A value that is not HOST:PORT is a usage
 * error (exit 2, one line) before anything is opened.
 */
public final class TimeServiceOption {

    @Option(names = "--time-service", converter = HostPort.class, defaultValue = "${env:AUDIFLEET_TIME_SERVICE:-}",
            paramLabel = "HOST:PORT", description = "The fleet's time service that group playback schedules by"
                + " (UDP; default: none, the station's wall clock is fleet time). Env AUDIFLEET_TIME_SERVICE.")
    String timeService;

    /** The fleet clock this station schedules by; started (exchanging) when a time service is named. */
    public FleetClock open(Consumer<String> notices) {
        return timeService == null || timeService.isBlank() ? FleetClock.wall()
                : FleetClock.timeService(timeService, notices);
    }

    /** Checks HOST:PORT as picocli parses it, keeping the text. */
    static final class HostPort implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.isBlank()) {
                return value; // the empty default: no time service
            }
            try {
                FleetClock.timeServiceAddress(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
            return value;
        }
    }
}
