package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.Micros;
import org.audifleet.wire.StreamId;
import org.audifleet.wire.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * An FDSN origin end to end: a dataselect service on loopback ({@link FdsnTestServer}) serving miniSEED for a
 * synthetic 100 Hz stream, the fleet with {@code audifleet.origins.fdsn-test.kind=fdsn}, and a player session
 * into a capture sink, every sample checked. The archive misses 10 s (silence), the second chunk's answer holds
 * every record twice in reverse order (must play once, in order) and one damaged Steim1 record (its second is
 * silence, the chunk is dead-lettered with the reason, the rest of the chunk plays).
 */
@EmbeddedKafka(partitions = Topics.PARTITIONS)
class FdsnFleetIntegrationTests {

    static final StreamId STREAM = StreamId.parse("XX.FDSN..HHZ");
    static final Instant START = Instant.parse("2024-03-01T00:00:00Z");
    /** 20 min at 100 Hz: chunk 0 is 10 min (auto policy), chunk 1 the remaining 10 min. */
    static final int SESSION_SAMPLES = 120_000;
    /** Archive gap: records 250..259 (00:04:10 to 00:04:20). */
    static final int GAP_FROM = 25_000;
    static final int GAP_TO = 26_000;
    /** Damaged record 900 (00:15:00 to 00:15:01), in chunk 1. */
    static final int CORRUPT_RECORD = 900;
    static final int CORRUPT_FROM = CORRUPT_RECORD * FdsnTestServer.RECORD_SAMPLES;
    static final int CORRUPT_TO = CORRUPT_FROM + FdsnTestServer.RECORD_SAMPLES;
    static final int PEAK = 900_000;

    static int[] origin;
    static FdsnTestServer server;
    static Fleet fleet;
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startFleet() throws Exception {
        // The data run 1 s beyond the window on both sides, so the service has whole records to over-deliver.
        int lead = 100;
        int[] data = new int[SESSION_SAMPLES + 2 * lead];
        for (int i = 0; i < data.length; i++) {
            data[i] = (int) (400_000 * Math.sin(i * 0.0123) + 300_000 * Math.sin(i * 0.31)) + (i * 7919 % 2001) - 1000;
        }
        data[lead] = PEAK; // the first session sample is the loudest: the station's scale is fixed from block 0
        origin = java.util.Arrays.copyOfRange(data, lead, lead + SESSION_SAMPLES);
        long dataStart = Micros.of(START) - lead * 10_000L;
        Set<Integer> missing = IntStream.range(GAP_FROM / 100 + 1, GAP_TO / 100 + 1).boxed()
                .collect(java.util.stream.Collectors.toSet());
        server = new FdsnTestServer(STREAM, dataStart, data, missing, CORRUPT_RECORD + 1,
                Micros.of(START.plus(Duration.ofMinutes(10))));
        broker = EmbeddedKafkaCondition.getBroker();
        fleet = new Fleet(broker.getBrokersAsString(), "--audifleet.origins.fdsn-test.kind=fdsn",
                "--audifleet.origins.fdsn-test.url=" + server.uri()).startAll();
    }

    @AfterAll
    static void stopFleet() {
        Fleet.closeAll(fleet, server);
    }

    static PlayedSession play(String originName, StreamId stream, Instant start, Duration length) throws Exception {
        return PlayedSession.play(broker.getBrokersAsString(), originName, stream, start, length,
                block -> { });
    }

    @Test
    void anFdsnSessionPlaysEverySampleWithGapsAsSilenceAndTheDamagedRecordDeadLettered() throws Exception {
        PlayedSession played = play("fdsn-test", STREAM, START, Duration.ofMinutes(20));

        assertThat(played.report().peakCounts()).isEqualTo(PEAK);
        assertThat(played.report().duplicatesDropped()).as("duplicate blocks").isZero();
        int silent = (GAP_TO - GAP_FROM) + (CORRUPT_TO - CORRUPT_FROM);
        assertThat(played.report().gapSamples()).isEqualTo(silent);
        assertThat(played.report().samples()).isEqualTo(SESSION_SAMPLES - silent);
        assertThat(played.audio()).as("output samples").hasSize(SESSION_SAMPLES);
        for (int i = 0; i < SESSION_SAMPLES; i++) {
            boolean missing = (i >= GAP_FROM && i < GAP_TO) || (i >= CORRUPT_FROM && i < CORRUPT_TO);
            if (missing) {
                assertThat(played.audio()[i]).as("silent sample %d", i).isZero();
            } else if (played.counts(i) != origin[i]) {
                assertThat(played.counts(i)).as("sample %d (%s)", i, Micros.toInstant(Micros.of(START) + i * 10_000L))
                        .isEqualTo(origin[i]);
            }
        }
        // One dataselect query per chunk: the first (10 min) fetched while planning, the second (the rest).
        assertThat(server.queries).hasSize(2);
        assertThat(server.queries.get(0)).contains("net=XX&sta=FDSN&loc=--&cha=HHZ&start=2024-03-01T00:00:00.000000"
                + "&end=2024-03-01T00:10:00.000000&format=miniseed&nodata=404");

        List<ConsumerRecord<String, byte[]>> dead = records(Topics.deadLetter(Topics.CHUNKS_RAW), 1);
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(new String(d.headers().lastHeader("audifleet-defect").value())).contains("miniSEED")
                    .contains("Steim1 integrity check failed").contains("chunk 1 of session")
                    .contains(played.report().sessionId().toString());
            ChunkRecord chunk = ChunkRecord.decode(d.value());
            assertThat(chunk.encoding()).isEqualTo(ChunkRecord.Encoding.MINISEED);
            assertThat(chunk.sampleRate()).isEqualTo(100.0);
            assertThat(chunk.sampleCount()).isEqualTo(60_000);
        });
    }

    static List<ConsumerRecord<String, byte[]>> records(String topic, int atLeast) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "dlt-reader-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            // Read until the expected records are there, then a little longer to see that no more come.
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                if (out.size() >= atLeast && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        return out;
    }
}
