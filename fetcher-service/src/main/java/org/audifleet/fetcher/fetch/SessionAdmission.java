package org.audifleet.fetcher.fetch;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.audifleet.fetcher.origin.Origin;
import org.audifleet.fetcher.origin.OriginException;
import org.audifleet.fetcher.origin.OriginRefusedException;
import org.audifleet.fetcher.origin.Origins;
import org.audifleet.service.kafka.NotRetryableException;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.PlaybackStatus.Reason;

/**
 * Whether a request is served, decided before anything is fetched: its origin is one this fetcher knows, its
 * window is no longer than {@code audifleet.fetch.max-window}, and the origin plans it in at least one chunk
 * without refusing it. A request that fails one of these is {@link SessionRejected} with the reason.
 */
final class SessionAdmission {

    /** A request that passed: the origin it names and that origin's plan for it. */
    record Admitted(Origin origin, Origin.SessionPlan plan) {
    }

    private final Origins origins;
    private final Duration maxWindow;

    SessionAdmission(Origins origins, FetchProperties properties) {
        this.origins = origins;
        this.maxWindow = properties.maxWindow();
    }

    /**
     * @throws SessionRejected        when the request will never be served
     * @throws IllegalStateException when planning failed in a way a retry may cure (the origin did not answer)
     */
    Admitted admit(PlaybackRequest request) {
        Origin origin;
        try {
            origin = origins.get(request.origin());
        } catch (NotRetryableException e) {
            // The one refusal of Origins.get: a name it does not know; its message lists the names it does.
            throw new SessionRejected(Reason.UNKNOWN_ORIGIN, e.getMessage());
        }
        Duration window = Duration.of(request.endMicros() - request.startMicros(), ChronoUnit.MICROS);
        if (window.compareTo(maxWindow) > 0) {
            throw new SessionRejected(Reason.WINDOW_TOO_LONG, "window too long: " + describe(window) + " ("
                    + request.start() + " to " + request.end() + ") is more than this fetcher's limit of "
                    + describe(maxWindow) + " (audifleet.fetch.max-window)");
        }
        Origin.SessionPlan plan;
        try {
            plan = origin.plan(request);
        } catch (OriginRefusedException e) {
            throw new SessionRejected(e.reason(), e.getMessage());
        } catch (OriginException e) {
            throw new IllegalStateException("planning session " + request.sessionId() + " failed: " + e.getMessage(), e);
        }
        if (plan.chunks().isEmpty()) {
            throw new SessionRejected(Reason.BAD_REQUEST, "session " + request.sessionId() + ": window "
                    + request.start() + " to " + request.end() + " of " + request.stream() + " has no chunks");
        }
        return new Admitted(origin, plan);
    }

    /** {@code 25 h}, {@code 1 h 30 min}, {@code 24 h 1.5 s}: a window as people write it. */
    static String describe(Duration d) {
        StringBuilder text = new StringBuilder();
        if (d.toHours() > 0) {
            text.append(d.toHours()).append(" h");
        }
        if (d.toMinutesPart() > 0) {
            text.append(text.isEmpty() ? "" : " ").append(d.toMinutesPart()).append(" min");
        }
        Duration seconds = d.minusMinutes(d.toMinutes());
        if (!seconds.isZero() || text.isEmpty()) {
            text.append(text.isEmpty() ? "" : " ")
                    .append(BigDecimal.valueOf(seconds.toNanos(), 9).stripTrailingZeros().toPlainString())
                    .append(" s");
        }
        return text.toString();
    }
}
