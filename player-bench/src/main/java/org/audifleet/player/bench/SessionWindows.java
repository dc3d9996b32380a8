package org.audifleet.player.bench;

import java.time.Duration;
import java.time.Instant;
import org.audifleet.player.cli.DurationConverter;
import picocli.CommandLine.Option;

/**
 * The windows a bench asks for, one per session: the same stream, each session {@code --step} later than the one
 * before, so no cache along the way answers twice. A picocli mixin, shared by the benches that play sessions.
 */
final class SessionWindows {

    @Option(names = "--stream", defaultValue = "XX.DEMO..HHZ", paramLabel = "NET.STA.LOC.CHA",
            description = "Stream (default: ${DEFAULT-VALUE}).")
    String stream;

    @Option(names = "--start", defaultValue = "2024-01-01T00:00:00Z", paramLabel = "TIME",
            description = "Start of the first session (default: ${DEFAULT-VALUE}); each later one --step later.")
    Instant start;

    @Option(names = "--step", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "LENGTH",
            description = "How much later each session starts (default: ${DEFAULT-VALUE}).")
    Duration step;

    @Option(names = "--duration", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "LENGTH",
            description = "Data time per session (default: ${DEFAULT-VALUE}).")
    Duration duration;

    /** Start of session {@code n} (0-based). */
    Instant startOf(long n) {
        return start.plus(step.multipliedBy(n));
    }
}
