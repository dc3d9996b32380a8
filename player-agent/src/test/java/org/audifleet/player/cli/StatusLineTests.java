package org.audifleet.player.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.audifleet.player.engine.PlaybackEngine;
import org.audifleet.player.session.SessionReport;
import org.audifleet.player.output.CaptureOutput;
import org.audifleet.player.station.SessionClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusLineTests {

    /** The demo hour's 3 min gap, delivered at each rate: the summary says 3m, not 3m x rate / 100 Hz. */
    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(doubles = {100, 40, 20, 1})
    void theSummarysGapTimeIsDataTimeAtTheSessionsRate(double rate) {
        SessionClock clock = new SessionClock(Instant.parse("2024-01-01T00:00:00Z"), SessionClock.NOMINAL_RATE, 441);
        clock.learnSourceRate(rate);
        PlaybackEngine engine = new PlaybackEngine(clock.engineSettings(), new CaptureOutput(16));
        SessionReport report = new SessionReport(UUID.randomUUID(), 0, 0, 0, Math.round(3420 * rate),
                Math.round(180 * rate), 1, 0, 5, 1000, Map.of());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StatusLine.summary(new PrintStream(bytes, true, StandardCharsets.UTF_8), report, engine, clock);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains(Math.round(3420 * rate)
                + " data samples, 1 gap of 3m data time as silence").contains("records skipped 5");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains(", underruns 0, device dropouts 0 (0.0 ms),");
    }
}
