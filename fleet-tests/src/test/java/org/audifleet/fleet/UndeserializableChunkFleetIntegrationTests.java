package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
import org.audifleet.wire.ChunkHeaders;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.Micros;
import org.audifleet.wire.StreamId;
import org.audifleet.wire.Topics;
import org.audifleet.wire.WireFormatException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * A chunk of a playing session that reaches chunks.raw undeserializable: the real fetcher publishes it with every
 * header it sets, but a producer interceptor ({@link CutChunkShort}) cuts its value in half on the way, as a
 * damaged record would arrive. The decoder (behind ErrorHandlingDeserializer, so its recoverer sees no value) must
 * still publish the chunk's gap from the headers: the station hears silence of exactly that chunk's length, every
 * sample before and after it is the origin's, the session ends without waiting for the station's 30 s stall
 * timeout, and the dead-letter record carries the full header set.
 */
@EmbeddedKafka(partitions = Topics.PARTITIONS)
class UndeserializableChunkFleetIntegrationTests {

    static final StreamId STREAM = DemoStoreWriter.DEFAULT_STREAM;
    static final Instant START = DemoStoreWriter.DEFAULT_START;
    /** The origin whose chunk {@link #CUT_CHUNK} is cut short; the same store as any other chunk-store origin. */
    static final String ORIGIN = "cut-short";
    /** 30 min at 100 Hz in three 10 min chunks; chunk 1 (00:10 to 00:20) is cut short. */
    static final int SESSION_SAMPLES = 180_000;
    static final int CUT_CHUNK = 1;
    static final int CUT_FROM = 60_000;
    static final int CUT_TO = 120_000;
    /** StationSession's stall timeout: a session waiting for a chunk that never comes fails after it. */
    static final Duration STALL_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path store;
    static int[] origin;
    static ChunkStoreServer server;
    static Fleet fleet;
    static EmbeddedKafkaBroker broker;

    /** Cuts chunk {@link #CUT_CHUNK} of origin {@link #ORIGIN} in half on its way to the broker, headers untouched. */
    public static final class CutChunkShort implements ProducerInterceptor<Object, Object> {

        @Override
        public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
            if (record.value() instanceof ChunkRecord chunk && chunk.origin().equals(ORIGIN)
                    && chunk.chunkIndex() == CUT_CHUNK) {
                byte[] encoded = chunk.encode();
                return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(),
                        Arrays.copyOf(encoded, encoded.length / 2), record.headers());
            }
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    @BeforeAll
    static void startFleet() throws Exception {
        DemoStoreWriter writer = new DemoStoreWriter().length(Duration.ofHours(1));
        writer.write(store);
        origin = new int[SESSION_SAMPLES];
        writer.seismogram().fill(origin, 0, SESSION_SAMPLES);
        server = new ChunkStoreServer(store, 0);
        broker = EmbeddedKafkaCondition.getBroker();
        fleet = new Fleet(broker.getBrokersAsString(), "--audifleet.origins." + ORIGIN + ".kind=chunk-store",
                "--audifleet.origins." + ORIGIN + ".url=" + server.uri(),
                "--audifleet.origins." + ORIGIN + ".chunk-policy=10m",
                "--spring.kafka.producer.properties.interceptor.classes=" + CutChunkShort.class.getName());
        fleet.start(Fleet.Service.FETCHER);
        fleet.start(Fleet.Service.DECODER);
    }

    @AfterAll
    static void stopFleet() {
        Fleet.closeAll(fleet, server);
    }

    @Test
    void anUndeserializableChunkPlaysAsAGapOfItsLengthAndTheSessionGoesOn() throws Exception {
        long started = System.nanoTime();
        PlayedSession played = PlayedSession.play(broker.getBrokersAsString(), ORIGIN, STREAM, START,
                Duration.ofMinutes(30), block -> { });
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).as("session time: it did not wait for the stall timeout").isLessThan(STALL_TIMEOUT);
        assertThat(played.report().gaps()).isEqualTo(1);
        assertThat(played.report().gapSamples()).isEqualTo(CUT_TO - CUT_FROM);
        assertThat(played.report().samples()).isEqualTo(SESSION_SAMPLES - (CUT_TO - CUT_FROM));
        assertThat(played.report().duplicatesDropped()).as("duplicate blocks").isZero();
        assertThat(played.audio()).as("output samples").hasSize(SESSION_SAMPLES);
        for (int i = 0; i < SESSION_SAMPLES; i++) {
            if (i >= CUT_FROM && i < CUT_TO) {
                assertThat(played.audio()[i]).as("sample %d of the cut chunk is silence", i).isZero();
            } else if (played.counts(i) != origin[i]) {
                assertThat(played.counts(i)).as("sample %d (%s)", i, Micros.toInstant(Micros.of(START) + i * 10_000L))
                        .isEqualTo(origin[i]);
            }
        }

        String session = played.report().sessionId().toString();
        ConsumerRecord<String, byte[]> dead = deadLetter(Topics.deadLetter(Topics.CHUNKS_RAW));
        assertThat(dead.key()).isEqualTo(session);
        assertThatThrownBy(() -> ChunkRecord.decode(dead.value())).as("the value as it arrived, cut short")
                .isInstanceOf(WireFormatException.class);
        assertThat(deadLetterHeaderNames(dead)).isEqualTo(new TreeSet<>(List.of("audifleet-defect",
                "kafka_dlt-exception-cause-fqcn", "kafka_dlt-exception-fqcn", "kafka_dlt-exception-message",
                "kafka_dlt-exception-stacktrace", "kafka_dlt-original-consumer-group", "kafka_dlt-original-offset",
                "kafka_dlt-original-partition", "kafka_dlt-original-timestamp", "kafka_dlt-original-timestamp-type",
                "kafka_dlt-original-topic")));
        assertThat(text(dead, "kafka_dlt-original-topic")).isEqualTo(Topics.CHUNKS_RAW);
        assertThat(ByteBuffer.wrap(dead.headers().lastHeader("kafka_dlt-original-partition").value()).getInt())
                .isEqualTo(Topics.partitionOf(session, Topics.CHUNK_PARTITIONS)).isEqualTo(dead.partition());
        assertThat(text(dead, "kafka_dlt-original-consumer-group")).isEqualTo("audifleet-decoder");
        assertThat(text(dead, "kafka_dlt-exception-cause-fqcn"))
                .isEqualTo("org.springframework.kafka.support.serializer.DeserializationException");
        assertThat(text(dead, "audifleet-defect")).startsWith("failed to deserialize").contains("ChunkRecord");
        // The fetcher's headers travel with it: which chunk it was, and its hop times.
        assertThat(ChunkHeaders.readFrom(dead.headers())).contains(new ChunkHeaders(played.report().sessionId(),
                STREAM, CUT_CHUNK, 3, Micros.of(START) + CUT_FROM * 10_000L, 100.0, CUT_TO - CUT_FROM,
                played.report().peakCounts()));
        assertThat(dead.headers().lastHeader("audifleet-t-chunk-published")).isNotNull();
    }

    static Set<String> deadLetterHeaderNames(ConsumerRecord<?, ?> record) {
        Set<String> names = new TreeSet<>();
        for (Header h : record.headers()) {
            if (h.key().startsWith("kafka_dlt-") || h.key().equals("audifleet-defect")) {
                names.add(h.key());
            }
        }
        return names;
    }

    static String text(ConsumerRecord<?, ?> record, String header) {
        return new String(record.headers().lastHeader(header).value(), StandardCharsets.UTF_8);
    }

    static ConsumerRecord<String, byte[]> deadLetter(String topic) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "dlt-reader-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            return KafkaTestUtils.getSingleRecord(consumer, topic, Duration.ofSeconds(20));
        }
    }
}
