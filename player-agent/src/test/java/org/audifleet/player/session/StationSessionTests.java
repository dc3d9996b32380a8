package org.audifleet.player.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.audifleet.player.output.CaptureOutput;
import org.audifleet.player.station.Key;
import org.audifleet.player.station.SessionOverview;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A session learns its rate from its first block, and everything the station shows follows: the engine, the
 * controls' clock and seek step, the overview. Blocks are handed to the session as {@link SessionPlayer} hands
 * them over from Kafka, without a broker; the engine is not started.
 */
class StationSessionTests {

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final StreamId STREAM = StreamId.parse("IU.ANMO.00.BHZ");
    private static final int COLUMNS = 79;

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(doubles = {100, 40, 20, 1})
    void theFirstBlocksRateIsTheRateOfEverythingTheStationShows(double rate) throws Exception {
        PlaybackRequest request = new PlaybackRequest(UUID.randomUUID(), "iris", STREAM, Micros.of(START),
                Micros.of(START.plus(Duration.ofHours(1))), Micros.now());
        List<PcmBlock> released = new ArrayList<>();
        try (StationSession session = StationSession.of("127.0.0.1:9", request).overview(COLUMNS)
                .progress(released::add).open(format -> new CaptureOutput(16))) {
            int perMinute = (int) Math.round(60 * rate);
            // 00:00-00:42 data, 00:42-00:45 gap, 00:45-01:00 data: the demo hour's shape.
            session.release(samples(request, 0, 42 * perMinute, rate));
            assertThat(session.clock().sourceRate()).isEqualTo(rate);
            assertThat(session.engine().sourceRate()).isEqualTo(rate);
            // 100 ms of audio at 441x, as at 100 Hz: seeks keep this far from the end of what has arrived.
            assertThat(session.engine().prerollSamples()).isEqualTo(Math.round(44.1 * rate));
            session.release(PcmBlock.gap(request.sessionId(), STREAM, 0, 1, 1, false, 0, rate, 1000, 3 * perMinute));
            session.release(samples(request, 2, 15 * perMinute, rate));

            assertThat(released).hasSize(3);
            assertThat(session.engine().buffer().available()).isEqualTo(60L * perMinute);
            assertThat(session.controls().clock(perMinute)).isEqualTo("00:01:00");
            assertThat(session.controls().clock(45L * perMinute)).isEqualTo("00:45:00");
            assertThat(session.controls().press(Key.SEEK_FORWARD)).isEqualTo("seek 00:07:21"); // 1 s of audio
            SessionOverview.Snapshot overview = session.overview().snapshot();
            assertThat(overview.states()[COLUMNS - 1]).as("last column").isEqualTo(SessionOverview.DATA);
            assertThat(overview.states()[COLUMNS * 43 / 60]).as("column at 00:43").isEqualTo(SessionOverview.GAP);
            assertThat(overview.states()).doesNotContain(SessionOverview.NOT_ARRIVED);
        }
    }

    private static PcmBlock samples(PlaybackRequest request, int blockIndex, int count, double rate) {
        int[] counts = new int[count];
        for (int i = 0; i < count; i++) {
            counts[i] = (int) (1000 * Math.sin(i * 0.1));
        }
        return new PcmBlock(request.sessionId(), STREAM, 0, 1, blockIndex, blockIndex == 2, PcmBlock.Kind.SAMPLES, 0,
                rate, 1000, count, counts);
    }
}
