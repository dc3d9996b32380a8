package org.audifleet.player.sync;

import org.audifleet.wire.TimeExchange;
import org.audifleet.wire.WireFormatException;

/**
 * The station's side of the exchanges with the fleet's time service, without the socket: what to send, what a
 * received datagram is worth, the estimate it feeds ({@link OffsetEstimator} with {@link EstimatorSettings#EXCHANGES})
 * and the immutable {@link Snapshot} readers get. One request is outstanding at a time; only the reply to it counts.
 * Not thread-safe: the exchange thread of {@link TimeServiceClock} owns it.
 */
final class TimeExchanges {

    /** What became of one received datagram. */
    enum Reply {
        /** The answer to the outstanding request, fitted into the estimate (or held back as a possible step). */
        TAKEN,
        /** A well-formed reply to an earlier request, which had already been given up on. */
        LATE,
        /** Not a reply to this station's request: unreadable, a request, or a wrong echo of t1. */
        GARBAGE,
        /** A reply whose times cannot be (the station's clock stepped back during the exchange). */
        IMPOSSIBLE
    }

    /**
     * What readers see, published whole through a volatile: the fitted line at the newest exchange.
     *
     * @param ready            enough exchanges taken to schedule by
     * @param atLocal          the station time the line is read at (the newest exchange's midpoint), epoch ns
     * @param offsetNanos      fleet minus station time at {@code atLocal}
     * @param slope            d(offset)/d(station time): minus the station clock's drift
     * @param uncertaintyNanos the offset's uncertainty at {@code atLocal} (Long.MAX_VALUE before the first exchange)
     * @param roundTripNanos   the newest exchange's delay (round trip less the service's turn-around)
     * @param taken            exchanges taken so far
     */
    record Snapshot(boolean ready, long atLocal, long offsetNanos, double slope, long uncertaintyNanos,
            long roundTripNanos, long taken) {

        static final Snapshot NONE = new Snapshot(false, 0, 0, 0, Long.MAX_VALUE, 0, 0);

        long offsetAt(long localNanos) {
            return offsetNanos + Math.round(slope * (localNanos - atLocal));
        }

        long toLocal(long fleetNanos) {
            // local + offset(local) = fleet, offset linear in local: solved around atLocal, in differences only.
            double fromRef = (fleetNanos - (atLocal + offsetNanos)) / (1 + slope);
            return atLocal + Math.round(fromRef);
        }
    }

    private final OffsetEstimator estimator = new OffsetEstimator(EstimatorSettings.EXCHANGES);
    private final int readyAfter;
    private long nextId = 1;
    private long pendingId;
    private long pendingT1;
    private boolean pending;
    private long taken;
    private long lost;
    private long late;
    private long garbage;
    private Snapshot snapshot = Snapshot.NONE;

    /** @param readyAfter exchanges taken before the estimate is {@link Snapshot#ready()} */
    TimeExchanges(int readyAfter) {
        if (readyAfter < 1) {
            throw new IllegalArgumentException("readyAfter must be at least 1: " + readyAfter);
        }
        this.readyAfter = readyAfter;
    }

    /** A new request sent at station time {@code t1}; the one before it, if unanswered, is lost. */
    byte[] request(long t1) {
        if (pending) {
            lost++;
        }
        pendingId = nextId++;
        pendingT1 = t1;
        pending = true;
        return TimeExchange.request(pendingId, t1).encode();
    }

    /** Whether a request is waiting for its reply. */
    boolean waiting() {
        return pending;
    }

    /** {@code datagram} received at station time {@code t4}. */
    Reply received(byte[] datagram, long t4) {
        TimeExchange reply;
        try {
            reply = TimeExchange.decode(datagram);
        } catch (WireFormatException e) {
            garbage++;
            return Reply.GARBAGE;
        }
        if (reply.kind() != TimeExchange.Kind.REPLY || reply.requestId() <= 0 || reply.requestId() >= nextId) {
            garbage++;
            return Reply.GARBAGE;
        }
        if (!pending || reply.requestId() != pendingId) {
            late++;
            return Reply.LATE;
        }
        if (reply.t1() != pendingT1) {
            garbage++;
            return Reply.GARBAGE;
        }
        pending = false;
        Exchange exchange;
        try {
            exchange = new Exchange(reply.t1(), reply.t2(), reply.t3(), t4);
        } catch (IllegalArgumentException e) {
            return Reply.IMPOSSIBLE;
        }
        estimator.add(exchange);
        taken++;
        long at = exchange.midpoint();
        snapshot = new Snapshot(taken >= readyAfter, at, estimator.offsetAt(at), estimator.driftPpm() * 1e-6,
                estimator.uncertaintyAt(at), exchange.delay(), taken);
        return Reply.TAKEN;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    long taken() {
        return taken;
    }

    /** Requests whose reply never came in time (counted when the next is sent). */
    long lost() {
        return lost;
    }

    long late() {
        return late;
    }

    long garbage() {
        return garbage;
    }

    /** Clock steps the estimator saw (each restarted its window). */
    int steps() {
        return estimator.steps();
    }
}
