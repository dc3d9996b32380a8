package org.audifleet.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Future;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.StreamId;
import org.audifleet.wire.Topics;
import org.audifleet.wire.WireFormatException;
import org.audifleet.wire.WireSerdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.mock.MockProducerFactory;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.SerializationUtils;

/** The one dead-letter path, on Kafka's in-memory producer: where records go and which headers they carry. */
class DeadLettersTests {

    private static final String GROUP = "audifleet-decoder";
    /** What every dead-letter record carries, whichever way it got there. */
    private static final Set<String> DEAD_LETTER_HEADERS = new TreeSet<>(List.of("audifleet-defect",
            "kafka_dlt-exception-cause-fqcn", "kafka_dlt-exception-fqcn", "kafka_dlt-exception-message",
            "kafka_dlt-exception-stacktrace", "kafka_dlt-original-consumer-group", "kafka_dlt-original-offset",
            "kafka_dlt-original-partition", "kafka_dlt-original-timestamp", "kafka_dlt-original-timestamp-type",
            "kafka_dlt-original-topic"));

    private final MockProducer<Object, Object> producer = new MockProducer<>(true, null, (topic, key) -> new byte[0],
            (topic, value) -> new byte[0]);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DeadLetters deadLetters = new DeadLetters(new KafkaTemplate<>(new MockProducerFactory<>(() -> producer)),
            meters, List.of(Topics.CHUNKS_RAW, Topics.PLAYBACK_REQUESTS));
    /** A fresh in-memory producer for each send (the template closes each one after use), all sends in one list. */
    private final List<ProducerRecord<Object, Object>> sent = new ArrayList<>();
    private final DeadLetters counting = new DeadLetters(new KafkaTemplate<>(new MockProducerFactory<>(() ->
            new MockProducer<>(true, null, (topic, key) -> new byte[0], (topic, value) -> new byte[0]) {
                @Override
                public synchronized Future<RecordMetadata> send(
                        ProducerRecord<Object, Object> record, Callback callback) {
                    sent.add(record);
                    return super.send(record, callback);
                }
            })), meters, List.of(Topics.CHUNKS_RAW, Topics.PLAYBACK_REQUESTS));

    @AfterEach
    void clearListenerThreadState() {
        KafkaUtils.clearConsumerGroupId();
    }

    private static ChunkRecord chunk() {
        return new ChunkRecord(UUID.fromString("00000000-0000-0000-0000-0000000000aa"), "demo",
                StreamId.parse("XX.DEMO..HHZ"), 1, 3, ChunkRecord.Kind.DATA, ChunkRecord.Encoding.ZSTD_INT32_LE, 0L,
                100.0, 0, 6000, null, 0L, "http://x/y", new byte[] {1, 2, 3});
    }

    private static <V> ConsumerRecord<String, V> consumed(V value, Headers headers) {
        return new ConsumerRecord<>(Topics.CHUNKS_RAW, 7, 42L, 1_700_000_000_000L, TimestampType.CREATE_TIME, -1, -1,
                "session-key", value, headers, Optional.empty());
    }

    /** What the container hands the recoverer when the listener threw (see KafkaMessageListenerContainer). */
    private static Exception listenerFailed(Exception cause) {
        return new ListenerExecutionFailedException("Listener failed", GROUP, cause);
    }

    private double count(String topic, DeadLetters.Reason reason) {
        Counter c = meters.find("audifleet.dead.letters").tag("topic", topic).tag("reason", reason.label()).counter();
        assertThat(c).as(topic + " " + reason).isNotNull();
        assertThat(c.getId().getDescription()).isNotBlank();
        return c.count();
    }

    @Test
    void everyTopicAndReasonIsCountedFromTheStartAndEachRecordByWhyItWasGivenUp() {
        for (DeadLetters.Reason reason : DeadLetters.Reason.values()) {
            assertThat(count(Topics.CHUNKS_RAW, reason)).isZero();
            assertThat(count(Topics.PLAYBACK_REQUESTS, reason)).isZero();
        }
        KafkaUtils.setConsumerGroupId(GROUP);
        counting.publishDefect(consumed(chunk(), new RecordHeaders()), "frame cut short");
        counting.publish(consumed(chunk(), new RecordHeaders()), null, listenerFailed(
                new WireFormatException("magic is not AFCR")));
        counting.publish(consumed(chunk(), new RecordHeaders()), null, listenerFailed(
                new NotRetryableException("unknown origin 'x'")));
        counting.publish(consumed(chunk(), new RecordHeaders()), null, listenerFailed(
                new IllegalStateException("broker gone")));
        for (DeadLetters.Reason reason : DeadLetters.Reason.values()) {
            assertThat(count(Topics.CHUNKS_RAW, reason)).as(reason.label()).isEqualTo(1);
        }
        assertThat(sent).hasSize(4);
    }

    private ProducerRecord<Object, Object> onlyDeadLetter() {
        assertThat(producer.history()).hasSize(1);
        return producer.history().get(0);
    }

    private static String text(ProducerRecord<?, ?> record, String header) {
        return new String(record.headers().lastHeader(header).value(), StandardCharsets.UTF_8);
    }

    private static Set<String> deadLetterHeaderNames(ProducerRecord<?, ?> record) {
        Set<String> names = new TreeSet<>();
        for (Header h : record.headers()) {
            if (h.key().startsWith("kafka_dlt-") || h.key().equals(DeadLetters.DEFECT_HEADER)) {
                names.add(h.key());
            }
        }
        return names;
    }

    @Test
    void aRecordTheContainerGaveUpOnGoesToItsTopicsDeadLetterTopicOnItsPartition() {
        Headers headers = new RecordHeaders().add("audifleet-t-chunk-published", new byte[8]);
        ChunkRecord value = chunk();
        deadLetters.publish(consumed(value, headers), null, listenerFailed(new IllegalStateException("decoding failed",
                new ArithmeticException("overflow"))));

        ProducerRecord<Object, Object> dead = onlyDeadLetter();
        assertThat(dead.topic()).isEqualTo("chunks.raw-dlt");
        assertThat(dead.partition()).isEqualTo(7);
        assertThat(dead.key()).isEqualTo("session-key");
        assertThat(dead.value()).isSameAs(value);
        assertThat(deadLetterHeaderNames(dead)).isEqualTo(DEAD_LETTER_HEADERS);
        assertThat(dead.headers().lastHeader("audifleet-t-chunk-published")).as("the record's own headers").isNotNull();
        assertThat(text(dead, "kafka_dlt-original-topic")).isEqualTo("chunks.raw");
        assertThat(ByteBuffer.wrap(dead.headers().lastHeader("kafka_dlt-original-partition").value()).getInt())
                .isEqualTo(7);
        assertThat(ByteBuffer.wrap(dead.headers().lastHeader("kafka_dlt-original-offset").value()).getLong())
                .isEqualTo(42L);
        assertThat(text(dead, "kafka_dlt-original-consumer-group")).isEqualTo(GROUP);
        assertThat(text(dead, "kafka_dlt-exception-cause-fqcn")).isEqualTo(IllegalStateException.class.getName());
        assertThat(text(dead, "audifleet-defect")).isEqualTo("decoding failed: overflow");
    }

    @Test
    void aDefectReportCarriesTheSameHeadersWithTheReasonAsTheDefect() {
        KafkaUtils.setConsumerGroupId(GROUP); // the container does this on its listener thread
        deadLetters.publishDefect(consumed(chunk(), new RecordHeaders()), "zstd frame ended at grid sample 3000");

        ProducerRecord<Object, Object> dead = onlyDeadLetter();
        assertThat(dead.topic()).isEqualTo("chunks.raw-dlt");
        assertThat(dead.partition()).isEqualTo(7);
        assertThat(deadLetterHeaderNames(dead)).isEqualTo(DEAD_LETTER_HEADERS);
        assertThat(text(dead, "audifleet-defect")).isEqualTo("zstd frame ended at grid sample 3000");
        assertThat(text(dead, "kafka_dlt-original-consumer-group")).isEqualTo(GROUP);
        assertThat(ByteBuffer.wrap(dead.headers().lastHeader("kafka_dlt-original-offset").value()).getLong())
                .isEqualTo(42L);
        assertThat(text(dead, "kafka_dlt-exception-message")).contains("zstd frame ended at grid sample 3000");
    }

    @Test
    void anUndeserializableRecordGoesWithItsBytesAndTheWireErrorAsTheDefect() {
        byte[] corrupt = java.util.Arrays.copyOf(chunk().encode(), 40);
        Headers headers = new RecordHeaders();
        try (ErrorHandlingDeserializer<ChunkRecord> deserializer = new ErrorHandlingDeserializer<>(
                new WireSerdes.ChunkRecordSerde())) {
            assertThat(deserializer.deserialize(Topics.CHUNKS_RAW, headers, corrupt)).isNull();
        }
        ConsumerRecord<String, ChunkRecord> record = consumed(null, headers);
        DeserializationException failure = SerializationUtils.getExceptionFromHeader(record,
                KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, new LogAccessor(LogFactory.getLog(getClass())));
        deadLetters.publish(record, null, listenerFailed(failure));

        ProducerRecord<Object, Object> dead = onlyDeadLetter();
        assertThat(dead.value()).isEqualTo(corrupt);
        assertThat(deadLetterHeaderNames(dead)).isEqualTo(DEAD_LETTER_HEADERS);
        assertThat(dead.headers().lastHeader(KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER))
                .as("the serialized exception stays behind").isNull();
        assertThat(text(dead, "audifleet-defect")).startsWith("failed to deserialize").contains("ChunkRecord");
    }

    @Test
    void aRecordDeadLetteredAgainCarriesOnlyTheLatestDefect() {
        Headers headers = new RecordHeaders().add(DeadLetters.DEFECT_HEADER, "older".getBytes(StandardCharsets.UTF_8));
        deadLetters.publish(consumed(chunk(), headers), null, listenerFailed(new IllegalStateException("newer")));
        assertThat(onlyDeadLetter().headers().headers(DeadLetters.DEFECT_HEADER)).singleElement()
                .extracting(h -> new String(h.value(), StandardCharsets.UTF_8)).isEqualTo("newer");
    }
}
