package org.audifleet.service.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.audifleet.wire.Topics;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ErrorHandlingUtils;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.audifleet.wire.WireFormatException;

/**
 * The fleet's one dead-letter path. Every record a service gives up on, whether the container gave up after
 * its retries ({@link #publish}, the recoverer's job) or a listener could use it only in part
 * ({@link #publishDefect}), goes to {@link Topics#deadLetter} of its topic on the partition it came from, with
 * the same headers: its own, Spring Kafka's {@code kafka_dlt-*} set, and {@value #DEFECT_HEADER} saying in one
 * line why (the table is in wire/README.md).
 *
 * <p>Each record sent is counted in {@value #METRIC} by its source topic and a {@link Reason} (the header's text is
 * unbounded, so not a label); every fleet topic's series exist from the start at 0 (docs/metrics.md).
 */
public final class DeadLetters {

    /** One line: a defect's reason, else the failure's message and its innermost cause's. UTF-8. */
    public static final String DEFECT_HEADER = "audifleet-defect";

    static final String METRIC = "audifleet.dead.letters";

    /** Why a record was dead-lettered, as the {@code reason} label of {@value #METRIC}. */
    public enum Reason {
        /** A listener used it only in part ({@link #publishDefect}). */
        DEFECT,
        /** Its value is not what the wire format says (never retried). */
        UNDESERIALIZABLE,
        /** A listener refused it as not worth retrying ({@link NotRetryableException}: a rejected request, say). */
        REFUSED,
        /** Processing still failed after the container's retries. */
        FAILED;

        public String label() {
            return name().toLowerCase();
        }

        static Reason of(Exception failure) {
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof Defect) {
                    return DEFECT;
                }
                if (t instanceof DeserializationException || t instanceof WireFormatException) {
                    return UNDESERIALIZABLE;
                }
                if (t instanceof NotRetryableException) {
                    return REFUSED;
                }
            }
            return FAILED;
        }
    }

    private final DeadLetterPublishingRecoverer recoverer;
    private final Map<String, Counter> counters = new HashMap<>();
    private final MeterRegistry meters;

    /** @param topics the topics whose dead letters are counted from the start (others when they first occur) */
    public DeadLetters(KafkaOperations<?, ?> template, MeterRegistry meters, List<String> topics) {
        this.recoverer = new DeadLetterPublishingRecoverer(template, DeadLetters::destination);
        this.recoverer.setHeadersFunction(DeadLetters::defectHeader);
        this.meters = meters;
        for (String topic : topics) {
            for (Reason reason : Reason.values()) {
                counter(topic, reason);
            }
        }
    }

    private synchronized Counter counter(String topic, Reason reason) {
        return counters.computeIfAbsent(topic + " " + reason, k -> Counter.builder(METRIC)
                .description("records sent to a dead-letter topic, by the topic they came from and why")
                .tag("topic", topic).tag("reason", reason.label()).register(meters));
    }

    /**
     * The dead-letter topic of the record's topic, same partition: FleetKafkaAutoConfiguration declares each
     * dead-letter topic with its topic's partition count.
     */
    static TopicPartition destination(ConsumerRecord<?, ?> record, Exception failure) {
        return new TopicPartition(Topics.deadLetter(record.topic()), record.partition());
    }

    /** A record the container gave up on; {@code consumer} may be null. Waits for the broker's acknowledgement. */
    public void publish(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception failure) {
        recoverer.accept(record, consumer, failure);
        counter(record.topic(), Reason.of(failure)).increment();
    }

    /**
     * A record the listener could use only in part. Called on the listener's thread, inside its transaction if
     * it has one. The defect is reported as a failure of the listener under its consumer group, so the record
     * carries the same {@code kafka_dlt-*} headers as one the container dead-letters.
     */
    public void publishDefect(ConsumerRecord<?, ?> record, String reason) {
        publish(record, null, new ListenerExecutionFailedException("listener found a defect",
                KafkaUtils.getConsumerGroupId(), new Defect(reason)));
    }

    private static Headers defectHeader(ConsumerRecord<?, ?> record, Exception failure) {
        // A single-record header replaces an audifleet-defect the record may already carry.
        return new RecordHeaders().add(new DeadLetterPublishingRecoverer.SingleRecordHeader(DEFECT_HEADER,
                reason(failure).getBytes(StandardCharsets.UTF_8)));
    }

    /** The one line {@value #DEFECT_HEADER} carries for this failure (also for log lines). */
    public static String reason(Exception failure) {
        Throwable cause = ErrorHandlingUtils.findRootCause(failure);
        if (cause instanceof Defect defect) {
            return defect.getMessage();
        }
        Throwable innermost = cause;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        return innermost == cause ? describe(cause) : describe(cause) + ": " + describe(innermost);
    }

    private static String describe(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.getClass().getName();
    }

    /** What a listener found wrong with a record it still used in part; its message is the reason. */
    static final class Defect extends RuntimeException {
        Defect(String reason) {
            super(reason, null, false, false);
        }
    }
}
