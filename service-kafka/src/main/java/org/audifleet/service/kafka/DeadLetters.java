package org.audifleet.service.kafka;

import java.nio.charset.StandardCharsets;
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

/**
 * The fleet's one dead-letter path. Every record a service gives up on, whether the container gave up after
 * its retries ({@link #publish}, the recoverer's job) or a listener could use it only in part
 * ({@link #publishDefect}), goes to {@link Topics#deadLetter} of its topic on the partition it came from, with
 * the same headers: its own, Spring Kafka's {@code kafka_dlt-*} set, and {@value #DEFECT_HEADER} saying in one
 * line why (the table is in wire/README.md).
 */
public final class DeadLetters {

    /** One line: a defect's reason, else the failure's message and its innermost cause's. UTF-8. */
    public static final String DEFECT_HEADER = "audifleet-defect";

    private final DeadLetterPublishingRecoverer recoverer;

    public DeadLetters(KafkaOperations<?, ?> template) {
        this.recoverer = new DeadLetterPublishingRecoverer(template, DeadLetters::destination);
        this.recoverer.setHeadersFunction(DeadLetters::defectHeader);
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
