package org.audifleet.fetcher.fetch;

import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.audifleet.fetcher.origin.Origin;
import org.audifleet.fetcher.origin.OriginException;
import org.audifleet.fetcher.origin.PlannedFetch;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.audifleet.wire.ChunkHeaders;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.HopTimes;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Turns one playback request into the session's chunks on chunks.raw: plans them, fetches the first
 * one first and the rest concurrently behind it (the origin's own limit bounds how many at once),
 * and publishes them in session order, each acknowledged by the broker before the next. A large chunk goes out as
 * fragments ({@link ChunkFragments}), in order: the first acknowledged before the others are sent (every later one
 * names its offset, so a decoder that restarted in the middle can read them again), all before the next chunk.
 *
 * <p>A chunk the origin cannot deliver after its retries is published as a {@link ChunkRecord.Kind#GAP}
 * and logged with the URL and the reason, so the station hears silence there and the session goes on.
 * {@link SessionStatusPublisher} tells the station on playback.status that the request was received (before
 * planning) and accepted, and which chunks became gaps and why; a request that is not served is answered by
 * {@link UnservedRequestRecoverer}. A failure to publish propagates: {@link RequestIntake} then fetches the session
 * again (consumers drop the duplicate blocks by their deterministic ids). Many sessions are fetched at once, each on
 * its own session thread; each session's chunks stay in order on its own key.
 */
public class SessionFetcher implements RequestIntake.Sessions<SessionFetcher.Received> {

    private static final Logger log = LoggerFactory.getLogger(SessionFetcher.class);

    private final SessionAdmission admission;
    private final SessionStatusPublisher statuses;
    private final KafkaTemplate<Object, Object> kafka;
    private final ExecutorService fetchers;
    private final FetchMetrics meters;
    private final ChunkFragments fragments;

    SessionFetcher(SessionAdmission admission, SessionStatusPublisher statuses, KafkaTemplate<Object, Object> kafka,
            ExecutorService fetchers, FetchMetrics meters, ChunkFragments fragments) {
        this.fragments = fragments;
        this.admission = admission;
        this.statuses = statuses;
        this.kafka = kafka;
        this.fetchers = fetchers;
        this.meters = meters;
    }

    /**
     * A request that passed the checks needing no origin, told RECEIVED: what {@link #fetch(Received)} serves.
     *
     * @param receivedNanos {@link System#nanoTime()} when RECEIVED was handed to the producer; its planning deadline
     *                      runs from then
     */
    record Received(String key, PlaybackRequest request, Origin origin, long receivedMicros, long receivedNanos,
            SessionStatusPublisher.Session status) {
    }

    /**
     * Takes a request as soon as it is read, before it waits for a session slot: refused on sight (unknown origin,
     * window too long) it throws; otherwise the station is told RECEIVED with the planning deadline.
     *
     * @throws SessionRejected when it is refused on sight; {@link UnservedRequestRecoverer} answers it
     */
    @Override
    public Received receive(String key, PlaybackRequest request) {
        long receivedMicros = Micros.now();
        SessionStatusPublisher.Session status = statuses.session(request);
        Origin origin = admission.check(request);
        status.received(admission.maxPlanningTime());
        // The deadline runs from here, not from the poll: a cold producer's first send may block on metadata for
        // seconds, and the station's own wait starts only when RECEIVED reaches it.
        long receivedNanos = System.nanoTime();
        return new Received(key, request, origin, receivedMicros, receivedNanos, status);
    }

    /**
     * Plans a received request and publishes its chunks, each acknowledged before the next. May be called again for
     * the same request after a failure: it then plans and publishes the whole session again.
     *
     * @throws SessionRejected when the plan is refused, fails or passes the deadline
     */
    @Override
    public void fetch(Received received) {
        String key = received.key();
        PlaybackRequest request = received.request();
        long receivedMicros = received.receivedMicros();
        SessionStatusPublisher.Session status = received.status();
        // A request whose plan is refused throws; UnservedRequestRecoverer answers it.
        Origin origin = received.origin();
        Origin.SessionPlan plan = admission.plan(origin, request, received.receivedNanos()).plan();
        status.accepted(plan);
        meters.sessions(origin.name()).increment();
        log.info("session {}: {} {}..{} in {} chunk(s) from origin {}", request.sessionId(), request.stream(),
                request.start(), request.end(), plan.chunks().size(), origin.name());
        List<CompletableFuture<Download>> downloads = new ArrayList<>();
        try {
            // Submitted in session order, so the first chunk takes the first slot at the origin.
            for (PlannedFetch chunk : plan.chunks()) {
                downloads.add(chunk.hasData() ? CompletableFuture.supplyAsync(() -> download(origin, chunk), fetchers)
                        : CompletableFuture.completedFuture(new Download(Optional.empty(), chunk, Micros.now())));
            }
            for (int i = 0; i < downloads.size(); i++) {
                publish(key, request, receivedMicros, plan, plan.chunks().get(i), downloads.get(i), status);
            }
            status.finished();
            log.info("session {}: {} chunk(s) published, the last acknowledged {} ms after the request was received",
                    request.sessionId(), plan.chunks().size(), (Micros.now() - receivedMicros) / 1000);
        } finally {
            downloads.forEach(d -> d.cancel(false));
        }
    }

    /**
     * A chunk's payload (empty: the origin has none), the chunk it is (the planned one, or the part of it the
     * window needs) and when the origin answered, epoch µs.
     */
    private record Download(Optional<byte[]> payload, PlannedFetch chunk, long answeredMicros) {
    }

    private Download download(Origin origin, PlannedFetch chunk) {
        Timer.Sample timing = Timer.start();
        String outcome = "ok";
        try {
            Optional<Origin.Fetched> fetched = origin.fetchWindow(chunk);
            outcome = fetched.isPresent() ? "ok" : "no-data";
            return new Download(fetched.map(Origin.Fetched::payload), fetched.map(Origin.Fetched::chunk).orElse(chunk),
                    Micros.now());
        } catch (OriginException e) {
            outcome = "failed";
            throw new ChunkUnavailable(e.getMessage());
        } finally {
            timing.stop(meters.chunk(origin.name(), outcome));
        }
    }

    private void publish(String key, PlaybackRequest request, long receivedMicros, Origin.SessionPlan plan,
            PlannedFetch chunk, CompletableFuture<Download> download, SessionStatusPublisher.Session status) {
        Optional<byte[]> payload;
        long answeredMicros;
        String failure = null;
        try {
            Download d = download.join();
            payload = d.payload();
            chunk = d.chunk();
            answeredMicros = d.answeredMicros();
        } catch (java.util.concurrent.CompletionException e) {
            answeredMicros = Micros.now();
            log.error("session {}: chunk {} of {} from {} is a gap: {}", request.sessionId(), chunk.index(),
                    chunk.count(), chunk.source(), e.getCause().getMessage());
            payload = Optional.empty();
            failure = e.getCause().getMessage();
        }
        ChunkRecord.Kind kind = payload.isPresent() ? ChunkRecord.Kind.DATA : ChunkRecord.Kind.GAP;
        if (kind == ChunkRecord.Kind.GAP) {
            status.chunkGap(chunk, failure);
        }
        ChunkRecord record = new ChunkRecord(request.sessionId(), request.origin(), request.stream(), chunk.index(),
                chunk.count(), kind, chunk.encoding(), chunk.startMicros(), chunk.sampleRate(), chunk.skipSamples(),
                chunk.sampleCount(), chunk.gridSamples(), chunk.gaps(), plan.peakCounts(), chunk.source(), payload.orElse(null));
        long firstOffset = -1;
        List<CompletableFuture<SendResult<Object, Object>>> sent = new ArrayList<>();
        for (ChunkRecord fragment : fragments.of(record)) {
            ProducerRecord<Object, Object> out = new ProducerRecord<>(Topics.CHUNKS_RAW, key, fragment);
            // So the decoder can still publish this chunk's gap if the value does not deserialize.
            ChunkHeaders.of(fragment).writeTo(out.headers());
            if (firstOffset >= 0) {
                ChunkHeaders.writeFirstFragmentOffset(out.headers(), firstOffset);
            }
            HopTimes.stamp(out.headers(), HopTimes.REQUEST_SENT, request.requestedAtMicros());
            HopTimes.stamp(out.headers(), HopTimes.FETCHER_RECEIVED, receivedMicros);
            HopTimes.stamp(out.headers(), HopTimes.ORIGIN_ANSWERED, answeredMicros);
            HopTimes.stampNow(out.headers(), HopTimes.CHUNK_PUBLISHED);
            if (firstOffset < 0) {
                // The later fragments name this one's offset, so it is acknowledged first.
                firstOffset = acknowledged(kafka.send(out), request, chunk).getRecordMetadata().offset();
            } else {
                // The idempotent producer keeps one partition's records in order; all are acknowledged below.
                sent.add(kafka.send(out));
            }
        }
        for (CompletableFuture<SendResult<Object, Object>> s : sent) {
            acknowledged(s, request, chunk);
        }
    }

    /** Waits for the broker's acknowledgement of one record. */
    private static SendResult<Object, Object> acknowledged(CompletableFuture<SendResult<Object, Object>> send,
            PlaybackRequest request, PlannedFetch chunk) {
        try {
            return send.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted publishing chunk " + chunk.index(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publishing chunk " + chunk.index() + " of session " + request.sessionId()
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** An origin failure carried out of the download task. */
    static final class ChunkUnavailable extends RuntimeException {
        ChunkUnavailable(String message) {
            super(message, null, false, false);
        }
    }
}
