package org.audifleet.fetcher.fetch;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.audifleet.fetcher.origin.Origin;
import org.audifleet.fetcher.origin.OriginException;
import org.audifleet.fetcher.origin.OriginRefusedException;
import org.audifleet.fetcher.origin.Origins;
import org.audifleet.service.kafka.NotRetryableException;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.PlaybackStatus.Reason;

/**
 * Whether a request is served, decided before anything is fetched: its origin is one this fetcher knows, its
 * window is no longer than {@code audifleet.fetch.max-window}, and the origin plans it in at least one chunk,
 * within {@code audifleet.fetch.max-planning-time}, without refusing it or failing. A request that fails one of
 * these is {@link SessionRejected} with the reason.
 *
 * <p>Planning runs on a planner thread, not the caller's: the caller (a listener thread, which its partition's
 * other sessions wait behind) stops waiting at the deadline, whatever the origin does, and the planner is
 * interrupted.
 */
final class SessionAdmission {

    /** A request that passed: the origin it names and that origin's plan for it. */
    record Admitted(Origin origin, Origin.SessionPlan plan) {
    }

    private final Origins origins;
    private final Duration maxWindow;
    private final Duration maxPlanningTime;
    private final ExecutorService planners;

    SessionAdmission(Origins origins, FetchProperties properties, ExecutorService planners) {
        this.origins = origins;
        this.maxWindow = properties.maxWindow();
        this.maxPlanningTime = properties.maxPlanningTime();
        this.planners = planners;
    }

    /** Told once a request passed the checks that need no origin, just before its planning starts. */
    interface PlanningStarts {
        void planningWithin(Duration deadline);
    }

    /** {@link #admit(PlaybackRequest, PlanningStarts)} telling nobody when planning starts. */
    Admitted admit(PlaybackRequest request) {
        return admit(request, deadline -> { });
    }

    /**
     * @param planning told the planning deadline before planning starts, so the station hears that its request was
     *                 taken; a request refused without planning is not told
     * @throws SessionRejected when the request is not served: refused, too long, or its planning failed or
     *                         passed the deadline
     */
    Admitted admit(PlaybackRequest request, PlanningStarts planning) {
        Origin origin;
        try {
            origin = origins.get(request.origin());
        } catch (NotRetryableException e) {
            // The one refusal of Origins.get: a name it does not know; its message lists the names it does.
            throw new SessionRejected(Reason.UNKNOWN_ORIGIN, e.getMessage());
        }
        // Between the instants, not end - start in µs: a raw request from Long.MIN_VALUE to Long.MAX_VALUE µs would
        // overflow to -1 µs and pass.
        Duration window = Duration.between(request.start(), request.end());
        if (window.compareTo(maxWindow) > 0) {
            throw new SessionRejected(Reason.WINDOW_TOO_LONG, "window too long: " + describe(window) + " ("
                    + request.start() + " to " + request.end() + ") is more than this fetcher's limit of "
                    + describe(maxWindow) + " (audifleet.fetch.max-window)");
        }
        planning.planningWithin(maxPlanningTime);
        Origin.SessionPlan plan = planWithin(origin, request);
        if (plan.chunks().isEmpty()) {
            throw new SessionRejected(Reason.BAD_REQUEST, "session " + request.sessionId() + ": window "
                    + request.start() + " to " + request.end() + " of " + request.stream() + " has no chunks");
        }
        return new Admitted(origin, plan);
    }

    private Origin.SessionPlan planWithin(Origin origin, PlaybackRequest request) {
        Future<Origin.SessionPlan> planning = planners.submit(() -> plan(origin, request));
        try {
            return planning.get(maxPlanningTime.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            planning.cancel(true);
            throw new SessionRejected(Reason.PLANNING_TOO_SLOW, "planning took longer than "
                    + describe(maxPlanningTime) + " (audifleet.fetch.max-planning-time): origin '" + origin.name()
                    + "' had not answered for " + request.stream() + " " + request.start() + " to " + request.end());
        } catch (InterruptedException e) {
            planning.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted planning session " + request.sessionId(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("planning session " + request.sessionId() + " failed", e.getCause());
        }
    }

    private static Origin.SessionPlan plan(Origin origin, PlaybackRequest request) {
        try {
            return origin.plan(request);
        } catch (OriginRefusedException e) {
            throw new SessionRejected(e.reason(), e.getMessage());
        } catch (OriginException e) {
            // The origin has had its retries (doubling backoff): the container retrying the whole plan would
            // only multiply the load on a failing origin and answer the station after it stopped listening.
            throw new SessionRejected(Reason.PLANNING_FAILED, "planning failed: " + e.getMessage());
        }
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
