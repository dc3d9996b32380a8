package org.audifleet.decoder.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.audifleet.chunkstore.ChunkFile;
import org.audifleet.decoder.DecoderApplication;
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
 * A 6 h chunk (2,160,000 samples at 100 Hz, with a gap) in fragments through the real decoder service on an in-JVM
 * KRaft broker, the decoder stopped after it committed the first three fragments and a new one started for the
 * rest, as the fetcher would publish them ({@code SessionFetcher}): the new decoder reads the first three again from
 * chunks.raw and carries on, and a read_committed consumer of audio.pcm gets every block of the chunk exactly once
 * and every sample of the window as it was stored.
 */
@EmbeddedKafka(partitions = Topics.PARTITIONS)
@ExtendWith(OutputCaptureExtension.class)
class FragmentRestartIntegrationTests {

    static final StreamId STREAM = StreamId.parse("XX.DEMO..HHZ");
    static final int GRID = 2_160_000;
    static final int GAP_FROM = 500_000;
    static final int GAP_LENGTH = 18_000;
    static final int FIRST_FRAGMENT = 135_168;
    static final int BEFORE_RESTART = 3;

    static EmbeddedKafkaBroker broker;
    static ConfigurableApplicationContext decoder;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaCondition.getBroker();
    }

    @AfterAll
    static void stopDecoder() {
        if (decoder != null) {
            decoder.close();
        }
    }

    static ConfigurableApplicationContext decoder() {
        return DecoderApplication.application().run("--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--server.port=0", "--spring.main.banner-mode=off");
    }

    @Test
    void aSixHourChunkInFragmentsPlaysEverySampleExactlyOnceThroughADecoderRestart(CapturedOutput output)
            throws Exception {
        Random random = new Random(6);
        int[] stored = new int[GRID - GAP_LENGTH];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = (int) (3000 * Math.sin(i * 0.002)) + random.nextInt(400) - 200;
        }
        UUID session = UUID.randomUUID();
        ChunkRecord whole = new ChunkRecord(session, "demo-6h", STREAM, 0, 1, ChunkRecord.Kind.DATA,
                ChunkRecord.Encoding.ZSTD_INT32_LE, 1_704_067_200_000_000L, 100.0, 0, GRID, GRID,
                new int[] {GAP_FROM, GAP_LENGTH}, 0L, "test", ChunkFile.encode(stored, 0, stored.length));
        List<ChunkRecord> fragments = fragments(whole);
        assertThat(fragments).hasSizeGreaterThan(BEFORE_RESTART + 1);

        decoder = decoder();
        long firstOffset;
        Map<String, Object> props = KafkaTestUtils.producerProps(broker.getBrokersAsString());
        props.put("max.request.size", Topics.MAX_CHUNK_RECORD_BYTES + 1024 * 1024);
        try (KafkaProducer<String, ChunkRecord> producer = new KafkaProducer<>(props, new StringSerializer(),
                new WireSerdes.ChunkRecordSerde())) {
            firstOffset = send(producer, fragments.get(0), -1);
            for (int i = 1; i < BEFORE_RESTART; i++) {
                send(producer, fragments.get(i), firstOffset);
            }
            awaitCommitted(session, firstOffset + BEFORE_RESTART);
            decoder.close();
            decoder = decoder();
            for (int i = BEFORE_RESTART; i < fragments.size(); i++) {
                send(producer, fragments.get(i), firstOffset);
            }
        }

        List<PcmBlock> blocks = sessionBlocks(session);
        assertThat(blocks).extracting(PcmBlock::blockIndex).as("every block once, in order")
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, blocks.size()).boxed().toList());
        long[] played = blocks.stream().flatMapToLong(b -> b.kind() == PcmBlock.Kind.GAP
                ? java.util.stream.LongStream.generate(() -> Long.MIN_VALUE).limit(b.sampleCount())
                : Arrays.stream(b.samples()).asLongStream()).toArray();
        long[] expected = new long[GRID];
        for (int g = 0, s = 0; g < GRID; g++) {
            expected[g] = g >= GAP_FROM && g < GAP_FROM + GAP_LENGTH ? Long.MIN_VALUE : stored[s++];
        }
        assertThat(played).as("every grid sample as stored").isEqualTo(expected);
        assertThat(output.getOut()).contains("fragment " + BEFORE_RESTART + " of chunk 0 of session " + session)
                .contains("read " + BEFORE_RESTART + " earlier fragment(s) again from offset " + firstOffset);
    }

    /** The session's blocks as a read_committed consumer sees them, up to the chunk's last. */
    static List<PcmBlock> sessionBlocks(UUID session) {
        List<PcmBlock> blocks = new ArrayList<>();
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "fragment-reader-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.AUDIO_PCM));
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

    /** As the fetcher cuts them (ChunkFragments): doubling from FIRST_FRAGMENT. */
    static List<ChunkRecord> fragments(ChunkRecord whole) {
        byte[] p = whole.payload();
        List<int[]> ranges = new ArrayList<>();
        for (long from = 0, size = FIRST_FRAGMENT; from < p.length; from += size, size *= 2) {
            ranges.add(new int[] {(int) from, (int) Math.min(p.length, from + size)});
        }
        return java.util.stream.IntStream.range(0, ranges.size()).mapToObj(i -> whole.fragment(i, ranges.size(),
                Arrays.copyOfRange(p, ranges.get(i)[0], ranges.get(i)[1]))).collect(Collectors.toList());
    }

    static long send(KafkaProducer<String, ChunkRecord> producer, ChunkRecord fragment, long firstOffset)
            throws Exception {
        ProducerRecord<String, ChunkRecord> record = new ProducerRecord<>(Topics.CHUNKS_RAW,
                fragment.sessionId().toString(), fragment);
        ChunkHeaders.of(fragment).writeTo(record.headers());
        if (firstOffset >= 0) {
            ChunkHeaders.writeFirstFragmentOffset(record.headers(), firstOffset);
        }
        return producer.send(record).get().offset();
    }

    /** Waits until the decoder's group has committed chunks.raw up to {@code offset} on the session's partition. */
    static void awaitCommitted(UUID session, long offset) throws Exception {
        TopicPartition partition = new TopicPartition(Topics.CHUNKS_RAW,
                Topics.partitionOf(session.toString(), Topics.partitions(Topics.CHUNKS_RAW)));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("audifleet-decoder")
                        .partitionsToOffsetAndMetadata().get().get(partition);
                if (committed != null && committed.offset() >= offset) {
                    return;
                }
                assertThat(System.nanoTime()).as("offset %d committed within 60 s", offset).isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }
}
