package org.audifleet.fetcher.fetch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import org.audifleet.wire.PlaybackStatus;

/**
 * The fetcher's meters (docs/metrics.md, "Fetcher"): each registered with its description when the service starts,
 * for every configured origin and every label value, so a fresh fleet's dashboards show zeros, not nothing.
 */
final class FetchMetrics {

    static final String CHUNK = "audifleet.fetch.chunk";
    static final String GAPS = "audifleet.fetch.gaps";
    static final String SESSIONS = "audifleet.fetch.sessions";
    static final String REJECTED = "audifleet.fetch.rejected";
    static final String[] OUTCOMES = {"ok", "no-data", "failed"};

    private final MeterRegistry meters;

    FetchMetrics(MeterRegistry meters, Collection<String> origins) {
        this.meters = meters;
        for (String origin : origins) {
            for (String outcome : OUTCOMES) {
                chunk(origin, outcome);
            }
            for (PlaybackStatus.GapCause cause : PlaybackStatus.GapCause.values()) {
                gaps(origin, cause);
            }
            sessions(origin);
        }
        for (PlaybackStatus.Reason reason : PlaybackStatus.Reason.values()) {
            rejected(reason);
        }
    }

    /** One chunk download from {@code origin}, by what it gave: {@code ok}, {@code no-data} or {@code failed}. */
    Timer chunk(String origin, String outcome) {
        return Timer.builder(CHUNK).description("one chunk download from an origin (its retries included), by outcome")
                .tag("origin", origin).tag("outcome", outcome).register(meters);
    }

    Counter gaps(String origin, PlaybackStatus.GapCause cause) {
        return Counter.builder(GAPS).description(
                "chunks published as gaps, by origin and reason: origin-failed (after its retries) or no-data")
                .tag("origin", origin).tag("reason", label(cause)).register(meters);
    }

    Counter sessions(String origin) {
        return Counter.builder(SESSIONS).description("playback requests accepted and planned, by origin")
                .tag("origin", origin).register(meters);
    }

    Counter rejected(PlaybackStatus.Reason reason) {
        return Counter.builder(REJECTED).description("playback requests answered REJECTED, by reason")
                .tag("reason", label(reason)).register(meters);
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase().replace('_', '-');
    }
}
