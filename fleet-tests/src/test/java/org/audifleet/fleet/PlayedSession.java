package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.audifleet.player.session.FleetConnection;
import org.audifleet.player.session.SessionReport;
import org.audifleet.player.session.StationSession;
import org.audifleet.player.output.CaptureOutput;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.StreamId;

/**
 * A station session as the fleet tests play it, the player's own {@link StationSession} rendering into a
 * capture sink, and what came out. At 100 Hz x 441 = 44.1 kHz the engine passes samples through
 * unresampled, so every origin sample can be checked at the output; {@link #counts} turns audio back into
 * sensor counts.
 */
record PlayedSession(SessionReport report, float[] audio, double fullScale) {

    static PlayedSession play(String bootstrap, String originName, StreamId stream, Instant start, Duration length,
            StationSession.Progress progress) throws Exception {
        return play(bootstrap, originName, stream, start, length, progress, null, StationSession.DEFAULT_STATUS_TIMEOUT);
    }

    /**
     * The same over {@code kept} (the daemon's connection, kept across sessions), or its own clients if null, giving
     * the fetcher {@code statusTimeout} to answer.
     */
    static PlayedSession play(String bootstrap, String originName, StreamId stream, Instant start, Duration length,
            StationSession.Progress progress, FleetConnection kept, Duration statusTimeout) throws Exception {
        CaptureOutput sink = new CaptureOutput((int) (length.toSeconds() * 100 + 44_100));
        PlaybackRequest request = new PlaybackRequest(UUID.randomUUID(), originName, stream, Micros.of(start),
                Micros.of(start.plus(length)), Micros.now());
        try (StationSession session = StationSession.of(bootstrap, request).progress(progress).keptConnection(kept).statusTimeout(statusTimeout)
                .open(format -> sink)) {
            session.start();
            SessionReport report = session.play();
            assertThat(session.awaitEnd(Duration.ofSeconds(60))).as("engine finished playing").isTrue();
            return new PlayedSession(report, sink.captured(), report.peakCounts() * StationSession.PEAK_HEADROOM);
        }
    }

    long counts(int i) {
        return Math.round(audio[i] * fullScale);
    }
}
