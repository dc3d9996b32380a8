package org.audifleet.decoder.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.audifleet.decoder.DecoderApplication;
import org.audifleet.chunkstore.ZstdBombs;
import org.audifleet.wire.ChunkHeaders;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.StreamId;
import org.audifleet.wire.Topics;
import org.audifleet.wire.WireSerdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * Issue 10's bomb through the real decoder service on an in-JVM KRaft broker: a chunk whose payload is a 64 KiB zstd
 * frame inflating to 2 GiB of zeros (no size in its header) must play its window (60,000 samples of a 10 min
 * chunk at 100 Hz), and be dead-lettered once with {@code audifleet-defect} naming the defect and where it was, with
 * one WARN line: before, it played as 60,000 zeros with no defect, no dead letter and no warning.
 */
@EmbeddedKafka(partitions = Topics.PARTITIONS)
@ExtendWith(OutputCaptureExtension.class)
class DecompressionBombIntegrationTests {

    static final StreamId STREAM = StreamId.parse("XX.BOMB..HHZ");
    static final int WINDOW = 60_000;

    static EmbeddedKafkaBroker broker;
    static ConfigurableApplicationContext decoder;

    @BeforeAll
    static void startDecoder() {
        broker = EmbeddedKafkaCondition.getBroker();
        decoder = DecoderApplication.application().run("--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--server.port=0", "--spring.main.banner-mode=off");
    }

    @AfterAll
    static void stopDecoder() {
        if (decoder != null) {
            decoder.close();
        }
    }

    @Test
    void aTwoGibBombPlaysItsWindowAndIsDeadLetteredOnceWithItsDefect(CapturedOutput output) throws Exception {
        UUID session = UUID.randomUUID();
        ChunkRecord bomb = new ChunkRecord(session, "bomb-origin", STREAM, 0, 1, ChunkRecord.Kind.DATA,
                ChunkRecord.Encoding.ZSTD_INT32_LE, 1_704_067_200_000_000L, 100.0, 0, WINDOW, WINDOW, null, 0L,
                "http://127.0.0.1/XX.BOMB..HHZ.20240101T000000Z.10m.i32.zst", ZstdBombs.twoGiB());
        assertThat(bomb.payload().length).as("compressed bytes").isLessThan(80 * 1024);
        ProducerRecord<String, ChunkRecord> record = new ProducerRecord<>(Topics.CHUNKS_RAW, session.toString(), bomb);
        ChunkHeaders.of(bomb).writeTo(record.headers());
        try (KafkaProducer<String, ChunkRecord> producer = new KafkaProducer<>(
                KafkaTestUtils.producerProps(broker.getBrokersAsString()), new StringSerializer(),
                new WireSerdes.ChunkRecordSerde())) {
            producer.send(record).get();
        }

        List<PcmBlock> blocks = sessionBlocks(session);
        assertThat(blocks).extracting(PcmBlock::kind).containsOnly(PcmBlock.Kind.SAMPLES);
        assertThat(blocks.stream().mapToInt(PcmBlock::sampleCount).sum()).isEqualTo(WINDOW);
        assertThat(blocks).allSatisfy(b -> assertThat(b.samples()).containsOnly(0));
        assertThat(blocks.get(blocks.size() - 1).lastInChunk()).isTrue();

        String dlt = Topics.deadLetter(Topics.CHUNKS_RAW);
        ConsumerRecord<String, byte[]> dead;
        try (KafkaConsumer<String, byte[]> consumer = consumer(dlt)) {
            dead = KafkaTestUtils.getSingleRecord(consumer, dlt, Duration.ofSeconds(30));
        }
        assertThat(dead.key()).isEqualTo(session.toString());
        assertThat(ChunkRecord.decode(dead.value()).payload()).as("the chunk as it came").isEqualTo(bomb.payload());
        String defect = new String(dead.headers().lastHeader("audifleet-defect").value(), StandardCharsets.UTF_8);
        assertThat(defect).isEqualTo("decoded-size-exceeds-window: the zstd frame holds more than the chunk's 60000"
                + " samples (reading stopped at byte 240000 of the decompressed stream); the window's 60000 samples"
                + " played (chunk 0 of session " + session + ", origin bomb-origin, from " + bomb.source() + ")");
        assertThat(ChunkHeaders.readFrom(dead.headers())).contains(ChunkHeaders.of(bomb));

        assertThat(output.getOut().lines().filter(l -> l.contains(" WARN ") && l.contains(session.toString())))
                .singleElement().satisfies(l -> assertThat(l).contains("chunk defect at chunks.raw-")
                        .contains("grid sample 60000: decoded-size-exceeds-window"));
    }

    /** The session's blocks as a read_committed consumer sees them, up to the chunk's last. */
    static List<PcmBlock> sessionBlocks(UUID session) {
        List<PcmBlock> blocks = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(Topics.AUDIO_PCM)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (blocks.isEmpty() || !blocks.get(blocks.size() - 1).lastInChunk()) {
                assertThat(System.nanoTime()).as("the chunk's last block within 60 s").isLessThan(deadline);
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    PcmBlock block = PcmBlock.decode(r.value());
                    if (block.sessionId().equals(session)) {
                        blocks.add(block);
                    }
                }
            }
        }
        return blocks;
    }

    static KafkaConsumer<String, byte[]> consumer(String topic) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "bomb-reader-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}
