package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
import org.audifleet.player.session.SessionReport;
import org.audifleet.player.session.StationSession;
import org.audifleet.player.output.CaptureOutput;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.StreamId;
import org.audifleet.wire.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Records that are not the session's blocks, produced on a playing station's audio.pcm partition keyed by its
 * session: empty, a tombstone, random bytes, a block of a wrong version, a truncated block, and another session's
 * block. Each is skipped, counted and told once with its partition and offset; the session completes sample-exact.
 * A block of another session under its own key is that session's business: passed over, not counted.
 *
 * <p>The origin answers chunk 1 of 3 after 3 s, so the records produced when chunk 0's first block is released
 * are certain to lie between the session's blocks on the partition.
 */
@EmbeddedKafka(partitions = Topics.PARTITIONS)
class PoisonRecordFleetIntegrationTests {

    static final StreamId STREAM = DemoStoreWriter.DEFAULT_STREAM;
    static final Instant START = DemoStoreWriter.DEFAULT_START;
    /** 30 min at 100 Hz in three 10 min chunks, before the demo's gap at 42 min. */
    static final int SESSION_SAMPLES = 180_000;
    static final int POISON_RECORDS = 6;

    @TempDir
    static Path store;
    static int[] origin;
    static ChunkStoreServer server;
    static Fleet fleet;
    static EmbeddedKafkaBroker broker;
    static KafkaProducer<String, byte[]> poison;

    @BeforeAll
    static void startFleet() throws Exception {
        DemoStoreWriter writer = new DemoStoreWriter().length(Duration.ofHours(1));
        writer.write(store);
        origin = new int[SESSION_SAMPLES];
        writer.seismogram().fill(origin, 0, SESSION_SAMPLES);
        server = new ChunkStoreServer(store, 0, List.of(ChunkStoreServer.Fault.delay("T001000Z\\.10m",
                Duration.ofSeconds(3))));
        broker = EmbeddedKafkaCondition.getBroker();
        fleet = new Fleet(broker.getBrokersAsString(), "--audifleet.origins.slow.kind=chunk-store",
                "--audifleet.origins.slow.url=" + server.uri(), "--audifleet.origins.slow.chunk-policy=10m");
        fleet.start(Fleet.Service.FETCHER);
        fleet.start(Fleet.Service.DECODER);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        poison = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopFleet() {
        Fleet.closeAll(poison, fleet, server);
    }

    @Test
    void recordsThatAreNotTheSessionsBlocksAreSkippedCountedAndToldAndTheSessionPlaysExactly() throws Exception {
        PlaybackRequest request = new PlaybackRequest(UUID.randomUUID(), "slow", STREAM, Micros.of(START),
                Micros.of(START.plus(Duration.ofMinutes(30))), Micros.now());
        String key = request.sessionId().toString();
        int partition = Topics.partitionOf(key, Topics.PARTITIONS);
        List<String> notices = new CopyOnWriteArrayList<>();
        CaptureOutput sink = new CaptureOutput(SESSION_SAMPLES + 44_100);
        boolean[] produced = {false};
        SessionReport report;
        try (StationSession session = StationSession.of(broker.getBrokersAsString(), request).notices(notices::add)
                .timeouts(Duration.ofSeconds(60), Duration.ofSeconds(30))
                .progress(block -> {
                    if (!produced[0]) {
                        produced[0] = true;
                        producePoison(block, partition);
                    }
                }).open(format -> sink)) {
            session.start();
            report = session.play();
            assertThat(session.awaitEnd(Duration.ofSeconds(60))).as("engine finished playing").isTrue();
        }

        assertThat(report.recordsSkipped()).isEqualTo(POISON_RECORDS);
        assertThat(notices).as("one line each, with partition and offset").hasSize(POISON_RECORDS)
                .allSatisfy(line -> assertThat(line).matches("skipped record audio\\.pcm-" + partition
                        + " offset \\d+: .+"));
        assertThat(notices).anySatisfy(l -> assertThat(l).contains("magic is not AFPB"))
                .anySatisfy(l -> assertThat(l).contains("version 9"))
                .anySatisfy(l -> assertThat(l).contains("null payload"))
                .anySatisfy(l -> assertThat(l).contains("keyed by this session but a block of session"));
        assertThat(report.samples()).isEqualTo(SESSION_SAMPLES);
        assertThat(report.gaps()).isZero();
        assertThat(report.duplicatesDropped()).isZero();
        float[] audio = sink.captured();
        double fullScale = report.peakCounts() * StationSession.PEAK_HEADROOM;
        assertThat(audio).as("output samples").hasSize(SESSION_SAMPLES);
        for (int i = 0; i < SESSION_SAMPLES; i++) {
            if (Math.round(audio[i] * fullScale) != origin[i]) {
                assertThat(Math.round(audio[i] * fullScale)).as("sample %d", i).isEqualTo(origin[i]);
            }
        }
    }

    /** Produces the poison on the session's partition and waits until the broker has it all. */
    static void producePoison(PcmBlock first, int partition) {
        String key = first.sessionId().toString();
        byte[] block = first.encode();
        byte[] wrongVersion = block.clone();
        wrongVersion[4] = 9; // after the 4-byte magic
        byte[] random = new byte[200];
        new Random(9).nextBytes(random);
        UUID other = UUID.randomUUID();
        byte[] othersBlock = new PcmBlock(other, first.stream(), 0, 1, 0, true, PcmBlock.Kind.SAMPLES,
                first.startMicros(), first.sampleRate(), 1, 3, new int[] {1, 2, 3}).encode();
        List<ProducerRecord<String, byte[]>> records = List.of(
                record(partition, key, new byte[0]),
                record(partition, key, null),
                record(partition, key, random),
                record(partition, key, wrongVersion),
                record(partition, key, Arrays.copyOf(block, block.length / 2)),
                record(partition, key, othersBlock),
                record(partition, other.toString(), othersBlock));
        try {
            for (ProducerRecord<String, byte[]> r : records) {
                poison.send(r).get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("producing the poison records failed", e);
        }
    }

    static ProducerRecord<String, byte[]> record(int partition, String key, byte[] value) {
        return new ProducerRecord<>(Topics.AUDIO_PCM, partition, key, value);
    }
}
