package org.audifleet.fetcher.fetch;

import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.audifleet.service.kafka.DeadLetters;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.PlaybackStatus.Reason;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;

/**
 * What the fetcher does with a request it gives up on, the one place a request that is not served gets its answer:
 * the station hears REJECTED on playback.status with a reason, then the request is dead-lettered on the fleet's one
 * path with that reason's line in {@code audifleet-defect}. {@link RequestIntake} calls it, once per request, before
 * the request's poll counts as done: at once for a record that did not deserialize or a request refused on sight,
 * after the session's attempts for anything else. A {@link SessionRejected} (admission refused it, or its planning
 * failed or passed the deadline) keeps its reason and text; any other failure left after the retries is
 * {@link Reason#FETCH_FAILED} with the failure's one line; a record that did not deserialize is
 * {@link Reason#BAD_REQUEST}, answered to the session its key names. Also the container's recoverer (it replaces
 * service-kafka's default), for anything the listener itself would throw.
 */
final class UnservedRequestRecoverer implements ConsumerAwareRecordRecoverer {

    private final SessionStatusPublisher statuses;
    private final DeadLetters deadLetters;

    UnservedRequestRecoverer(SessionStatusPublisher statuses, DeadLetters deadLetters) {
        this.statuses = statuses;
        this.deadLetters = deadLetters;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception failure) {
        String reason = DeadLetters.reason(failure);
        if (record.value() instanceof PlaybackRequest request) {
            SessionRejected rejection = rejection(failure);
            if (rejection != null) {
                statuses.session(request).rejected(rejection.reason(), rejection.getMessage());
            } else {
                statuses.session(request).rejected(Reason.FETCH_FAILED, "the fetcher gave up on the request after"
                        + " its retries: " + reason);
            }
        } else {
            UUID session = sessionOf(record.key());
            if (session != null) {
                statuses.unreadable(session, record.topic() + "-" + record.partition() + "@" + record.offset(),
                        "the request record does not deserialize: " + reason);
            }
        }
        deadLetters.publish(record, consumer, failure);
    }

    private static SessionRejected rejection(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SessionRejected r) {
                return r;
            }
        }
        return null;
    }

    /** Stations key requests by their session id; any other key has nobody to answer. */
    private static UUID sessionOf(Object key) {
        if (!(key instanceof String text)) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
