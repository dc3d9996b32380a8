package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
import org.audifleet.wire.StreamId;
import org.audifleet.wire.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * The bad-input corpus ({@link BadInputCases}, listed in fleet-tests/README.md): each case feeds the fleet one bad
 * input while a clean session plays on the same fleet, asserts the case's named outcome (a dead letter and its
 * reason, a status, an exit code, an HTTP status, a log line), and then that the concurrent session played every
 * sample exactly. One fleet serves every case: a real broker, the three services, the demo store served clean (with
 * chunk 1 held back {@link #HOLD_BACK}, so the concurrent session is still playing when the bad input lands) and
 * through {@link FaultyOrigin}, one fetcher origin per origin fault.
 */
@EmbeddedKafka(partitions = Topics.PARTITIONS)
@ExtendWith(OutputCaptureExtension.class)
class BadInputCorpusIntegrationTests {

    static final StreamId STREAM = DemoStoreWriter.DEFAULT_STREAM;
    static final Instant START = DemoStoreWriter.DEFAULT_START;
    /** The concurrent session: 20 min in two 10 min chunks, before the demo's gap at 42 min. */
    static final Duration CONCURRENT = Duration.ofMinutes(20);
    /** A session through a faulty origin: 30 min in three chunks, chunk 1 ({@link FaultyOrigin#TARGET}) faulted. */
    static final Duration FAULTED = Duration.ofMinutes(30);
    static final int TARGET_FROM = 60_000;
    static final int TARGET_TO = 120_000;
    static final Duration HOLD_BACK = Duration.ofMillis(1200);

    @TempDir
    static Path store;
    @TempDir
    static Path work;
    static int[] origin;
    static ChunkStoreServer clean;
    static FaultyOrigin faulty;
    static Fleet fleet;
    static EmbeddedKafkaBroker broker;
    static KafkaProducer<String, byte[]> producer;
    static Daemon daemon;
    /** The services' log lines (they run in this JVM), for the cases that name one. */
    static CapturedOutput output;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startFleet() throws Exception {
        origin = DemoStore.write(store, Duration.ofHours(2), 180_000).origin();
        clean = new ChunkStoreServer(store, 0, List.of(ChunkStoreServer.Fault.delay("T001000Z\\.10m", HOLD_BACK)));
        faulty = new FaultyOrigin(store.toRealPath());
        broker = EmbeddedKafkaCondition.getBroker();
        List<String> args = new ArrayList<>(List.of("--audifleet.origins.demo.url=" + clean.uri(),
                "--audifleet.origins.paced.kind=chunk-store", "--audifleet.origins.paced.url=" + clean.uri(),
                "--audifleet.origins.paced.chunk-policy=10m"));
        args.addAll(List.of(faulty.originArgs()));
        fleet = new Fleet(broker.getBrokersAsString(), args.toArray(String[]::new)).startAll();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        // The first session waits for the groups to settle; the cases come after it.
        Concurrent warmUp = Concurrent.start();
        warmUp.join();
    }

    @BeforeEach
    void captureLogs(CapturedOutput captured) {
        output = captured;
    }

    @AfterAll
    static void stopFleet() {
        Fleet.closeAll(daemon, producer, fleet, clean, faulty);
    }

    static Stream<BadInputCases.Case> corpus() {
        return BadInputCases.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachBadInputHasItsOutcomeAndAConcurrentSessionPlaysExactly(BadInputCases.Case c) throws Exception {
        Concurrent session = Concurrent.start();
        session.awaitFirstBlock();
        c.check().run(session);
        PlayedSession played = session.join();
        assertThat(played.report().gapSamples()).as("concurrent session's gaps").isZero();
        played.assertIsTheOrigin(Arrays.copyOf(origin, 120_000), 0, 120_000, 0, 0, START);
    }

    @Test
    void theReadmeTableListsEveryCaseOnce() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        List<String> rows = readme.lines().filter(l -> l.startsWith("| `")).map(l -> l.split("`")[1]).toList();
        assertThat(rows).containsExactlyElementsOf(BadInputCases.all().stream().map(BadInputCases.Case::name)
                .toList());
        assertThat(rows).hasSizeGreaterThanOrEqualTo(30).doesNotHaveDuplicates();
    }

    /** A clean 20 min session on the shared fleet, played on another thread while a case does its worst. */
    static final class Concurrent {
        final List<String> notices = new CopyOnWriteArrayList<>();
        final CountDownLatch firstBlock = new CountDownLatch(1);
        volatile UUID session;
        CompletableFuture<PlayedSession> played;

        static Concurrent start() {
            Concurrent c = new Concurrent();
            c.played = CompletableFuture.supplyAsync(() -> {
                try {
                    return PlayedSession.playAs(broker.getBrokersAsString(), "paced", STREAM, START, CONCURRENT,
                            b -> b.notices(c.notices::add).statusTimeout(Duration.ofSeconds(30))
                                    .timeouts(Duration.ofSeconds(60), Duration.ofSeconds(30)).progress(block -> {
                                        c.session = block.sessionId();
                                        c.firstBlock.countDown();
                                    }));
                } catch (Exception e) {
                    throw new IllegalStateException("the concurrent session failed", e);
                }
            });
            return c;
        }

        void awaitFirstBlock() throws Exception {
            while (!firstBlock.await(100, TimeUnit.MILLISECONDS)) {
                if (played.isDone()) {
                    played.get(); // throws what ended it
                }
            }
        }

        String key() {
            return session.toString();
        }

        PlayedSession join() throws Exception {
            return played.get(90, TimeUnit.SECONDS);
        }
    }

    /** A session through the faulty origin, and the station's news about it. */
    record Faulted(PlayedSession played, List<String> notices) {

        static Faulted play(FaultyOrigin.Fault fault) throws Exception {
            List<String> notices = new CopyOnWriteArrayList<>();
            PlayedSession played = PlayedSession.playAs(broker.getBrokersAsString(), fault.origin(), STREAM, START,
                    FAULTED, b -> b.notices(notices::add));
            return new Faulted(played, notices);
        }

        /** Every sample is the origin's: the fault was retried or followed away. */
        void assertExact() {
            assertThat(played.report().gapSamples()).as("gap samples; news: %s", notices).isZero();
            played.assertIsTheOrigin(origin, 0, origin.length, 0, 0, START);
        }

        /** Chunk 1 is silence, chunks 0 and 2 are the origin's. */
        void assertTargetIsAGap() {
            assertThat(played.report().gapSamples()).as("gap samples; news: %s", notices)
                    .isEqualTo(TARGET_TO - TARGET_FROM);
            played.assertIsTheOrigin(origin, 0, origin.length, TARGET_FROM, TARGET_TO, START);
        }

        /** Chunk 1 played as the zeros its frame holds, no gap; chunks 0 and 2 are the origin's. */
        void assertTargetIsZeros() {
            assertThat(played.report().gapSamples()).as("gap samples; news: %s", notices).isZero();
            played.assertIsTheOrigin(origin, 0, origin.length, TARGET_FROM, TARGET_TO, START);
        }

        String sessionKey() {
            return played.report().sessionId().toString();
        }

        /** The station's one line about chunk 2 of 3 (chunk 1, counted from 1) as a gap. */
        String gapNotice() {
            assertThat(notices).as("news").anyMatch(n -> n.startsWith("chunk 2 of 3 plays as a gap"));
            return notices.stream().filter(n -> n.startsWith("chunk 2 of 3 plays as a gap")).findFirst().orElseThrow();
        }
    }

    static RecordMetadata produce(String topic, String key, byte[] value) throws Exception {
        return producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
    }

    /** The dead letter of {@code topic} that {@code which} picks, read from the start of its dead-letter topic. */
    static ConsumerRecord<String, byte[]> deadLetter(String topic, Predicate<ConsumerRecord<String, byte[]>> which) {
        String dlt = Topics.deadLetter(topic);
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "corpus-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(dlt));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (which.test(r)) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no dead letter on " + dlt + " within 20 s");
    }

    /** Every dead letter of {@code topic} that {@code which} picks, read_committed up to the topic's end now. */
    static List<ConsumerRecord<String, byte[]>> deadLettersNow(String topic,
            Predicate<ConsumerRecord<String, byte[]>> which) {
        String dlt = Topics.deadLetter(topic);
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "corpus-" + UUID.randomUUID(), false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(dlt).stream()
                    .map(p -> new TopicPartition(dlt, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (which.test(r)) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    /** The WARN lines the fleet has logged so far that mention {@code text}. */
    static List<String> warnings(String text) {
        return output.getOut().lines().filter(l -> l.contains(" WARN ") && l.contains(text)).toList();
    }

    /** The dead letter of the record {@code sent} (by its original partition and offset). */
    static ConsumerRecord<String, byte[]> deadLetterOf(RecordMetadata sent) {
        return deadLetter(sent.topic(), r -> header(r, "kafka_dlt-original-offset") != null
                && java.nio.ByteBuffer.wrap(r.headers().lastHeader("kafka_dlt-original-offset").value()).getLong()
                        == sent.offset()
                && java.nio.ByteBuffer.wrap(r.headers().lastHeader("kafka_dlt-original-partition").value()).getInt()
                        == sent.partition());
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static HttpResponse<String> waveform(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.port(Fleet.Service.WAVEFORM)
                + path)).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A real run of bin/decode's command ({@code DecodeCommand}) in its own JVM: exit code and stderr. */
    static StationRun decode(Path file) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path err = Files.createTempFile(work, "decode", ".err");
        long started = System.nanoTime();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", classpath, "org.audifleet.codec.DecodeCommand", file.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new StationRun(p.exitValue(), "", Files.readString(err), Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * {@code player-agent daemon --station corpus} in its own JVM, started by the first case that needs it: the one
     * reader of playback.controls. Its stderr is read for its lines about what it skipped.
     */
    static final class Daemon implements AutoCloseable {
        final Path out = work.resolve("daemon.out");
        final Path err = work.resolve("daemon.err");
        final Process process;

        private Daemon() throws Exception {
            String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-cp", classpath, "org.audifleet.player.PlayerAgent", "daemon",
                    "--station", "corpus", "--bootstrap", broker.getBrokersAsString(), "--output", "null")
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            awaitLine(out, "player-agent: station corpus: listening on playback.controls");
        }

        static Daemon running() throws Exception {
            if (daemon == null) {
                daemon = new Daemon();
            }
            return daemon;
        }

        /** The first line of {@code file} holding {@code text}, within 60 s. */
        String awaitLine(Path file, String text) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                assertThat(process.isAlive()).as("daemon running; stderr: %s", Files.readString(err)).isTrue();
                var line = Files.readAllLines(file).stream().filter(l -> l.contains(text)).findFirst();
                if (line.isPresent()) {
                    return line.get();
                }
                Thread.sleep(100);
            }
            throw new AssertionError("no line with '" + text + "' in " + file + ": " + Files.readString(file));
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** {@code player-agent play} on this fleet's broker into a null output, --start the store's start unless given. */
    static StationRun play(String... options) {
        return StationRun.play(broker.getBrokersAsString(), STREAM, START, options);
    }
}
