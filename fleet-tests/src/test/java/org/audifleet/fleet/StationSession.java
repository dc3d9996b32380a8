package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.audifleet.player.engine.EngineSettings;
import org.audifleet.player.engine.PlaybackEngine;
import org.audifleet.player.session.FleetConnection;
import org.audifleet.player.session.SessionPlayer;
import org.audifleet.player.sink.CaptureSink;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.StreamId;

/**
 * A station session as the fleet tests play it: the player's own session client and engine,
 * rendering into a capture sink. At 100 Hz x 441 = 44.1 kHz the engine passes samples through
 * unresampled, so every origin sample can be checked at the output.
 */
final class StationSession {

    private StationSession() {
    }

    static Played play(String bootstrap, String originName, StreamId stream, Instant start, Duration length,
            SessionPlayer.ProgressListener progress) throws Exception {
        CaptureSink sink = new CaptureSink((int) (length.toSeconds() * 100 + 44_100));
        PlaybackEngine engine = new PlaybackEngine(EngineSettings.defaults(100.0), sink);
        PlaybackRequest request = new PlaybackRequest(UUID.randomUUID(), originName, stream, Micros.of(start),
                Micros.of(start.plus(length)), Micros.now());
        try (FleetConnection connection = new FleetConnection(bootstrap, Duration.ofSeconds(10))) {
            engine.start();
            SessionPlayer.SessionReport report = new SessionPlayer(connection, engine, Duration.ofSeconds(30),
                    Duration.ofSeconds(30), progress).play(request);
            assertThat(engine.awaitFinished(Duration.ofSeconds(60))).as("engine finished playing").isTrue();
            return new Played(report, sink.captured(), report.peakCounts() * SessionPlayer.PEAK_HEADROOM);
        } finally {
            engine.close();
        }
    }

    /** What a session delivered and what the sink got; {@link #counts} turns audio back into sensor counts. */
    record Played(SessionPlayer.SessionReport report, float[] audio, double fullScale) {
        long counts(int i) {
            return Math.round(audio[i] * fullScale);
        }
    }
}
