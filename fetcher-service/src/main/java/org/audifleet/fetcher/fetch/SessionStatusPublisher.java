package org.audifleet.fetcher.fetch;

import java.time.Duration;
import java.util.UUID;
import org.audifleet.fetcher.origin.Origin;
import org.audifleet.fetcher.origin.PlannedFetch;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.PlaybackStatus;
import org.audifleet.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Tells the station on {@link Topics#PLAYBACK_STATUS} what became of its request: received with its planning
 * deadline, accepted with its plan or rejected with a reason, every chunk that became a gap, and at the end whether
 * the origin had no data at all.
 *
 * <p>News is sent without waiting for the broker: it only spares the station a timeout, so a failed send is
 * logged and the session goes on.
 */
class SessionStatusPublisher {

    private static final Logger log = LoggerFactory.getLogger(SessionStatusPublisher.class);

    private final KafkaTemplate<Object, Object> kafka;
    private final FetchMetrics meters;

    SessionStatusPublisher(KafkaTemplate<Object, Object> kafka, FetchMetrics meters) {
        this.kafka = kafka;
        this.meters = meters;
    }

    /** The news of one request, from admission to its last chunk. */
    Session session(PlaybackRequest request) {
        return new Session(request);
    }

    final class Session {
        private final PlaybackRequest request;
        private int chunkCount;
        private int noDataChunks;

        private Session(PlaybackRequest request) {
            this.request = request;
        }

        /** Before planning: the station then waits for the plan up to {@code deadline}, not its status timeout. */
        void received(Duration deadline) {
            send(new PlaybackStatus.Received(Math.max(1, deadline.toMillis())));
        }

        void accepted(Origin.SessionPlan plan) {
            chunkCount = plan.chunks().size();
            // A session fetched again after a failure counts its gaps afresh.
            noDataChunks = 0;
            send(new PlaybackStatus.Accepted(chunkCount, request.startMicros(), request.endMicros(),
                    plan.chunks().get(0).sampleRate()));
        }

        /** One line in the log saying what was asked and why it is not served. */
        void rejected(PlaybackStatus.Reason reason, String text) {
            log.warn("session {}: rejected ({}) {} {}..{} from origin '{}': {}", request.sessionId(), reason,
                    request.stream(), request.start(), request.end(), request.origin(), text);
            count(reason);
            send(new PlaybackStatus.Rejected(reason, text));
        }

        /** @param failure why the origin did not deliver, or null when it said it has no data for the chunk */
        void chunkGap(PlannedFetch chunk, String failure) {
            PlaybackStatus.GapCause cause;
            String why;
            if (failure != null) {
                cause = PlaybackStatus.GapCause.ORIGIN_FAILED;
                why = failure;
            } else {
                cause = PlaybackStatus.GapCause.NO_DATA;
                why = chunk.hasData() ? "the origin answered that it has no data" : "the manifest lists no samples";
                noDataChunks++;
            }
            meters.gaps(request.origin(), cause).increment();
            send(new PlaybackStatus.ChunkGap(chunk.index(), chunk.count(), cause, chunk.source(), why));
        }

        /** After the last chunk: a session whose every chunk was a no-data gap is told so. */
        void finished() {
            if (chunkCount > 0 && noDataChunks == chunkCount) {
                log.warn("session {}: origin '{}' has no data for {} from {} to {} ({} chunk(s), all gaps)",
                        request.sessionId(), request.origin(), request.stream(), request.start(), request.end(),
                        chunkCount);
                send(new PlaybackStatus.NoData(chunkCount, "origin '" + request.origin() + "' has no data for "
                        + request.stream() + " from " + request.start() + " to " + request.end()));
            }
        }

        private void send(PlaybackStatus.Event event) {
            SessionStatusPublisher.this.send(request.sessionId(), event);
        }
    }

    /**
     * A request record that did not deserialize, answered by the session id its key names: {@code where} is the
     * record (topic-partition@offset).
     */
    void unreadable(UUID sessionId, String where, String text) {
        log.warn("session {}: rejected ({}) request record {}: {}", sessionId, PlaybackStatus.Reason.BAD_REQUEST,
                where, text);
        count(PlaybackStatus.Reason.BAD_REQUEST);
        send(sessionId, new PlaybackStatus.Rejected(PlaybackStatus.Reason.BAD_REQUEST, text));
    }

    private void count(PlaybackStatus.Reason reason) {
        meters.rejected(reason).increment();
    }

    private void send(UUID sessionId, PlaybackStatus.Event event) {
        PlaybackStatus status = new PlaybackStatus(sessionId, Micros.now(), event);
        kafka.send(Topics.PLAYBACK_STATUS, status.key(), status).whenComplete((result, e) -> {
            if (e != null) {
                log.warn("session {}: status {} not published: {}", sessionId, event.kind(), e.getMessage());
            }
        });
    }
}
