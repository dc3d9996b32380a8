package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.UnaryOperator;
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
        return playAs(bootstrap, originName, stream, start, length, b -> b.progress(progress));
    }

    /** The same, with the session built as {@code how} says (progress, timeouts, notices). */
    static PlayedSession playAs(String bootstrap, String originName, StreamId stream, Instant start, Duration length,
            UnaryOperator<StationSession.Builder> how) throws Exception {
        CaptureOutput sink = new CaptureOutput((int) (length.toSeconds() * 100 + 44_100));
        PlaybackRequest request = new PlaybackRequest(UUID.randomUUID(), originName, stream, Micros.of(start),
                Micros.of(start.plus(length)), Micros.now());
        try (StationSession session = how.apply(StationSession.of(bootstrap, request)).open(format -> sink)) {
            session.start();
            SessionReport report = session.play();
            assertThat(session.awaitEnd(Duration.ofSeconds(60))).as("engine finished playing").isTrue();
            return new PlayedSession(report, sink.captured(), report.peakCounts() * StationSession.PEAK_HEADROOM);
        }
    }

    long counts(int i) {
        return Math.round(audio[i] * fullScale);
    }

    /**
     * Every output sample from {@code from} to {@code to} is the origin's, in order, and samples of the gap
     * {@code [gapFrom, gapTo)} are silence; {@code origin} holds the session's origin samples from its start.
     */
    void assertIsTheOrigin(int[] origin, int from, int to, int gapFrom, int gapTo, Instant start) {
        assertThat(audio).as("output samples").hasSize(origin.length);
        for (int i = from; i < to; i++) {
            if (i >= gapFrom && i < gapTo) {
                assertThat(audio[i]).as("gap sample %d is silence", i).isZero();
            } else if (counts(i) != origin[i]) {
                assertThat(counts(i)).as("sample %d (%s)", i, Micros.toInstant(Micros.of(start) + i * 10_000L))
                        .isEqualTo(origin[i]);
            }
        }
    }
}
