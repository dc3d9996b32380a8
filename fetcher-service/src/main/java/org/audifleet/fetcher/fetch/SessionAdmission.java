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
 * <p>Planning runs on a planner thread, not the caller's: the caller (a session thread, holding one of the
 * fetcher's session slots) stops waiting at the deadline, whatever the origin does, and the planner is
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

    /** {@link #check} and {@link #plan} at once, the planning deadline counted from now. */
    Admitted admit(PlaybackRequest request) {
        Origin origin = check(request);
        return plan(origin, request, System.nanoTime());
    }

    /** The planning deadline a station is told with RECEIVED, counted from when the fetcher received the request. */
    Duration maxPlanningTime() {
        return maxPlanningTime;
    }

    /**
     * The checks that need no origin: a known origin, a window within {@code max-window}.
     *
     * @throws SessionRejected when the request is refused on sight
     */
    Origin check(PlaybackRequest request) {
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
        return origin;
    }

    /**
     * Plans a request that passed {@link #check}, within {@code max-planning-time} of {@code receivedNanos}
     * ({@link System#nanoTime()} when the fetcher received it and told the station so): the time it waited for a
     * session slot counts, since the station's wait started then.
     *
     * @throws SessionRejected when its planning failed or passed the deadline, or the plan has no chunks
     */
    Admitted plan(Origin origin, PlaybackRequest request, long receivedNanos) {
        long waitedNanos = System.nanoTime() - receivedNanos;
        long leftNanos = maxPlanningTime.toNanos() - waitedNanos;
        if (leftNanos <= 0) {
            throw new SessionRejected(Reason.PLANNING_TOO_SLOW, "planning could not start within "
                    + describe(maxPlanningTime) + " (audifleet.fetch.max-planning-time): the request waited "
                    + describe(Duration.ofMillis(waitedNanos / 1_000_000)) + " for a free session slot"
                    + " (audifleet.fetch.max-sessions)");
        }
        Origin.SessionPlan plan = planWithin(origin, request, leftNanos);
        if (plan.chunks().isEmpty()) {
            throw new SessionRejected(Reason.BAD_REQUEST, "session " + request.sessionId() + ": window "
                    + request.start() + " to " + request.end() + " of " + request.stream() + " has no chunks");
        }
        return new Admitted(origin, plan);
    }

    private Origin.SessionPlan planWithin(Origin origin, PlaybackRequest request, long leftNanos) {
        Future<Origin.SessionPlan> planning = planners.submit(() -> plan(origin, request));
        try {
            return planning.get(leftNanos, TimeUnit.NANOSECONDS);
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
