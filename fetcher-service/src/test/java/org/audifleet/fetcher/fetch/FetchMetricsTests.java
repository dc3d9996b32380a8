package org.audifleet.fetcher.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.audifleet.wire.PlaybackStatus;
import org.junit.jupiter.api.Test;

/** Every fetcher series exists, described, before the first request: per origin, outcome, gap reason, rejection. */
class FetchMetricsTests {

    @Test
    void everySeriesIsRegisteredWithItsDescriptionAtStart() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        FetchMetrics metrics = new FetchMetrics(meters, List.of("demo", "iris"));
        assertThat(meters.find(FetchMetrics.CHUNK).timers()).hasSize(2 * 3);
        assertThat(meters.find(FetchMetrics.GAPS).counters()).hasSize(2 * PlaybackStatus.GapCause.values().length);
        assertThat(meters.find(FetchMetrics.SESSIONS).counters()).hasSize(2);
        assertThat(meters.find(FetchMetrics.REJECTED).counters()).hasSize(PlaybackStatus.Reason.values().length);
        assertThat(meters.getMeters()).extracting(Meter::getId).allSatisfy(id -> assertThat(id.getDescription())
                .as(id.toString()).isNotBlank());
        assertThat(meters.find(FetchMetrics.GAPS).tag("origin", "demo").tag("reason", "origin-failed").counter())
                .isNotNull();
        assertThat(meters.find(FetchMetrics.REJECTED).tag("reason", "window-too-long").counter()).isNotNull();

        metrics.gaps("demo", PlaybackStatus.GapCause.NO_DATA).increment();
        assertThat(meters.find(FetchMetrics.GAPS).tag("origin", "demo").tag("reason", "no-data").counter().count())
                .isEqualTo(1);
        assertThat(meters.find(FetchMetrics.GAPS).counters()).hasSize(2 * PlaybackStatus.GapCause.values().length);
    }
}
