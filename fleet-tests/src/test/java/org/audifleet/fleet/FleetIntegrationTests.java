package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.audifleet.chunkstore.ChunkSize;
import org.audifleet.chunkstore.ChunkStoreLayout;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
import org.audifleet.player.session.ExitCodes;
import org.audifleet.player.session.FleetConnection;
import org.audifleet.player.session.KafkaClientSettings;
import org.audifleet.player.session.FleetException;
import org.audifleet.player.session.StationSession;
import org.audifleet.player.output.CaptureOutput;
import org.audifleet.wire.Micros;
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
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * The fleet end to end: a real KRaft broker (in this JVM), the demo chunk store served over loopback
 * HTTP, the fetcher, decoder and waveform services each in its own Spring context, and a player
 * session rendering into a capture sink. At 100 Hz x 441 = 44.1 kHz the engine passes samples through
 * unresampled, so every origin sample can be checked at the output.
 */
@EmbeddedKafka(partitions = Topics.PARTITIONS)
class FleetIntegrationTests {

    static final StreamId STREAM = DemoStoreWriter.DEFAULT_STREAM;
    static final Instant START = DemoStoreWriter.DEFAULT_START;
    /** One hour at 100 Hz. */
    static final int SESSION_SAMPLES = 360_000;
    /** The demo store's gap, 00:42:00 to 00:45:00, as session sample indices. */
    static final int GAP_FROM = 252_000;
    static final int GAP_TO = 270_000;

    @TempDir
    static Path store;
    @TempDir
    static Path damagedStore;
    static ChunkStoreServer damagedServer;
    static int[] origin;
    static ChunkStoreServer server;
    static Fleet fleet;
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startFleet() throws Exception {
        DemoStoreWriter writer = new DemoStoreWriter().length(Duration.ofHours(2));
        writer.write(store);
        origin = new int[SESSION_SAMPLES];
        writer.seismogram().fill(origin, 0, SESSION_SAMPLES);
        server = new ChunkStoreServer(store, 0);
        // A second store whose 00:20-00:30 chunk is cut in half on disk: a truncated chunk.
        writer.length(Duration.ofHours(1)).write(damagedStore);
        Path damaged = damagedStore.resolve(ChunkStoreLayout.chunkPath(STREAM, START.plus(Duration.ofMinutes(20)),
                ChunkSize.TEN_MINUTES));
        byte[] bytes = Files.readAllBytes(damaged);
        Files.write(damaged, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        damagedServer = new ChunkStoreServer(damagedStore, 0);
        broker = EmbeddedKafkaCondition.getBroker();
        fleet = new Fleet(broker.getBrokersAsString(), "--audifleet.origins.demo.url=" + server.uri(),
                "--audifleet.origins.demo-10m.kind=chunk-store", "--audifleet.origins.demo-10m.url=" + server.uri(),
                "--audifleet.origins.demo-10m.chunk-policy=10m", "--audifleet.origins.damaged.kind=chunk-store",
                "--audifleet.origins.damaged.url=" + damagedServer.uri(),
                "--audifleet.origins.damaged.chunk-policy=10m").startAll();
    }

    @AfterAll
    static void stopFleet() {
        Fleet.closeAll(fleet, server, damagedServer);
    }

    /** Plays one session of the demo stream into a capture sink. */
    static PlayedSession play(String originName, Instant start, Duration length, StationSession.Progress progress)
            throws Exception {
        return play(broker.getBrokersAsString(), originName, start, length, progress);
    }

    static PlayedSession play(String bootstrap, String originName, Instant start, Duration length,
            StationSession.Progress progress) throws Exception {
        return PlayedSession.play(bootstrap, originName, STREAM, start, length, progress);
    }

    /** Every origin sample reached the output in order, the gap is silence of its exact length. */
    static void assertSessionIsTheOrigin(PlayedSession played, int from, int to) {
        played.assertIsTheOrigin(origin, from, to, GAP_FROM, GAP_TO, START);
    }

    @Test
    void aOneHourSessionPlaysEveryOriginSampleInOrderWithTheGapAsSilence() throws Exception {
        PlayedSession played = play("demo", START, Duration.ofHours(1), block -> { });
        assertThat(played.report().duplicatesDropped()).as("duplicate blocks").isZero();
        assertThat(played.report().gapSamples()).isEqualTo(GAP_TO - GAP_FROM);
        assertThat(played.report().samples()).isEqualTo(SESSION_SAMPLES - (GAP_TO - GAP_FROM));
        assertSessionIsTheOrigin(played, 0, SESSION_SAMPLES);
    }

    /**
     * A window starting inside a chunk of the demo store, whose files are in frames: the fetcher asks the origin
     * for the frames the window needs (HTTP Range) and publishes them as a chunk of their own. 00:03:00.07 is inside
     * the first 10 min chunk (AUTO's first) and its second frame; the window runs over the gap from 00:42.
     */
    @Test
    void aWindowStartingInsideAChunkPlaysEveryOriginSampleFromItsFrames() throws Exception {
        int from = 3 * 60 * 100 + 7;
        int length = 50 * 60 * 100;
        String first = ChunkStoreLayout.chunkPath(STREAM, START, ChunkSize.TEN_MINUTES);
        int requests = server.requestCount(first);
        int partial = server.partialCount(first);
        PlayedSession played = play("demo", START.plusMillis(from * 10L), Duration.ofMillis(length * 10L), b -> { });
        assertThat(played.report().duplicatesDropped()).as("duplicate blocks").isZero();
        assertThat(played.report().gapSamples()).isEqualTo(GAP_TO - GAP_FROM);
        played.assertIsTheOrigin(java.util.Arrays.copyOfRange(origin, from, from + length), 0, length,
                GAP_FROM - from, GAP_TO - from, START.plusMillis(from * 10L));
        assertThat(server.requestCount(first)).isEqualTo(requests + 1);
        assertThat(server.partialCount(first)).as("the first chunk's frames asked for by range").isEqualTo(partial + 1);
    }

    /**
     * The daemon's way: sessions one after another over one {@link FleetConnection} kept open across them (it only
     * assigns and produces per session). Each plays every origin sample; a session that fails in between (no data:
     * 05:00 is outside the 2 h store, and nothing is dead-lettered for it) leaves the connection as good as before;
     * no session closes it. The fetcher gets 30 s to answer: when this runs first, its first request after the
     * fleet's start took longer than the default 5 s at load 60, and the answer's time is not what this is about.
     */
    @Test
    void sessionsOverOneKeptConnectionEachPlayEveryOriginSample() throws Exception {
        Duration answer = Duration.ofSeconds(30);
        try (FleetConnection kept = new FleetConnection(broker.getBrokersAsString(),
                StationSession.DEFAULT_API_TIMEOUT, KafkaClientSettings.NONE)) {
            kept.prepare();
            assertSessionIsTheOrigin(PlayedSession.playAs(broker.getBrokersAsString(), "demo", STREAM, START,
                    Duration.ofHours(1), b -> b.keptConnection(kept).statusTimeout(answer)), 0, SESSION_SAMPLES);
            Instant noData = START.plus(Duration.ofHours(5));
            PlaybackRequest empty = new PlaybackRequest(UUID.randomUUID(), "demo", STREAM, Micros.of(noData),
                    Micros.of(noData.plus(Duration.ofMinutes(20))), Micros.now());
            assertThatThrownBy(() -> {
                try (StationSession session = StationSession.of(broker.getBrokersAsString(), empty)
                        .keptConnection(kept).statusTimeout(answer).open(format -> new CaptureOutput(1000))) {
                    session.start();
                    session.play();
                }
            }).isInstanceOfSatisfying(FleetException.class, e -> {
                assertThat(e.exitCode()).isEqualTo(ExitCodes.NO_AUDIO);
                assertThat(e.getMessage()).contains("no data");
            });
            PlayedSession again = PlayedSession.playAs(broker.getBrokersAsString(), "demo", STREAM, START,
                    Duration.ofHours(1), b -> b.keptConnection(kept).statusTimeout(answer));
            assertThat(again.report().recordsSkipped()).isZero();
            assertSessionIsTheOrigin(again, 0, SESSION_SAMPLES);
        }
    }

    @Test
    void aDecoderKilledMidSessionLosesAndDoublesNothing() throws Exception {
        int[] blocks = {0};
        PlayedSession played = play("demo-10m", START, Duration.ofHours(1), block -> {
            if (++blocks[0] == 3) {
                fleet.stop(Fleet.Service.DECODER);
                fleet.start(Fleet.Service.DECODER);
            }
        });
        assertSessionIsTheOrigin(played, 0, SESSION_SAMPLES);
    }

    @Test
    void anUnknownOriginIsDeadLetteredAndTheStationToldWhy() {
        assertThatThrownBy(() -> {
            PlaybackRequest request = new PlaybackRequest(UUID.randomUUID(), "nowhere", STREAM, Micros.of(START),
                    Micros.of(START.plusSeconds(60)), Micros.now());
            try (StationSession session = StationSession.of(broker.getBrokersAsString(), request)
                    .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)).open(format -> new CaptureOutput(1000))) {
                session.start();
                session.play();
            }
        }).isInstanceOfSatisfying(FleetException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCodes.NO_AUDIO);
            assertThat(e.getMessage()).contains("nowhere");
        });
        ConsumerRecord<String, byte[]> dead = deadLetter(Topics.deadLetter(Topics.PLAYBACK_REQUESTS));
        assertThat(new String(dead.headers().lastHeader("kafka_dlt-exception-message").value()))
                .contains("unknown origin 'nowhere'");
    }

    @Test
    void aTruncatedChunkIsDeadLetteredAndTheRestOfTheSessionPlays() throws Exception {
        PlayedSession played = play("damaged", START, Duration.ofHours(1), block -> { });
        int damagedFrom = 120_000;
        int damagedTo = 180_000;
        assertThat(played.audio()).hasSize(SESSION_SAMPLES);
        assertSessionIsTheOrigin(played, 0, damagedFrom);
        assertSessionIsTheOrigin(played, damagedTo, SESSION_SAMPLES);
        // Whatever the decoder could salvage of the damaged chunk plays as it was; the rest is silence.
        for (int i = damagedFrom; i < damagedTo; i++) {
            if (played.audio()[i] != 0f) {
                assertThat(played.counts(i)).as("salvaged sample %d", i).isEqualTo(origin[i]);
            }
        }
        assertThat(played.audio()[damagedTo - 1]).isZero();
        assertThat(played.report().gapSamples()).isGreaterThan(GAP_TO - GAP_FROM);
        ConsumerRecord<String, byte[]> dead = deadLetter(Topics.deadLetter(Topics.CHUNKS_RAW));
        assertThat(new String(dead.headers().lastHeader("audifleet-defect").value())).contains("zstd")
                .contains("chunk 2 of session");
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
