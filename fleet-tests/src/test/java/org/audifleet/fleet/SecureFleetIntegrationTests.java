package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
import org.audifleet.player.session.ExitCodes;
import org.audifleet.player.session.KafkaClientSettings;
import org.audifleet.wire.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet on a secured broker: {@code infra/kafka/kafka-local start --security sasl-ssl} as a real process (SCRAM-SHA-512
 * over TLS, the StandardAuthorizer and its ACLs) on free ports in a temporary data dir, each service with its own
 * principal through the standard {@code spring.kafka.*} properties kafka-local writes, and a station with its client
 * properties file, the one {@code play --kafka-config} reads.
 */
class SecureFleetIntegrationTests {

    @TempDir
    static Path dataDir;
    @TempDir
    static Path store;
    static Path security;
    static int port;
    static int controllerPort;
    static ChunkStoreServer server;
    static Fleet fleet;
    static Thread stopOnExit;

    @BeforeAll
    static void startSecuredBrokerAndFleet() throws Exception {
        port = freePort();
        controllerPort = freePort();
        // Stops the broker even when the test JVM is ended early (kafka-local's broker outlives its shell).
        stopOnExit = new Thread(SecureFleetIntegrationTests::stopBroker, "stop-secured-broker");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        String started = kafkaLocal("start", "--security", "sasl-ssl", "--port", String.valueOf(port),
                "--controller-port", String.valueOf(controllerPort), "--data-dir", dataDir.toString(),
                "--timeout", "240");
        assertThat(started).contains("broker up on 127.0.0.1:" + port, "SASL_SSL with ACLs");
        security = dataDir.resolve("security");

        DemoStoreWriter writer = new DemoStoreWriter().length(Duration.ofHours(1));
        writer.write(store);
        FleetIntegrationTests.origin = new int[FleetIntegrationTests.SESSION_SAMPLES];
        writer.seismogram().fill(FleetIntegrationTests.origin, 0, FleetIntegrationTests.SESSION_SAMPLES);
        server = new ChunkStoreServer(store, 0);
        fleet = new Fleet("127.0.0.1:" + port, "--audifleet.origins.demo.url=" + server.uri())
                .serviceArgs(Fleet.Service.FETCHER, principal("fetcher"))
                .serviceArgs(Fleet.Service.DECODER, principal("decoder"))
                .serviceArgs(Fleet.Service.WAVEFORM, principal("waveform"))
                .startAll();
    }

    private static String principal(String name) {
        return "--spring.config.additional-location=file:" + security.resolve("spring-" + name + ".properties");
    }

    @AfterAll
    static void stopAll() {
        try {
            Fleet.closeAll(fleet, server);
        } finally {
            stopBroker();
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
    }

    @Test
    void servicesAndAStationEachWithTheirOwnPrincipalPlayTheSessionExactly() throws Exception {
        KafkaClientSettings station = KafkaClientSettings.load(security.resolve("client-station.properties"));
        // A minute for the fetcher's answer, not 5 s: on a machine at load 25 the first request over TLS took 9 s.
        PlayedSession played = PlayedSession.playAs(station.bootstrap("127.0.0.1:9092"), "demo",
                FleetIntegrationTests.STREAM, FleetIntegrationTests.START, Duration.ofHours(1),
                b -> b.kafkaSettings(station).statusTimeout(Duration.ofMinutes(1)));
        assertThat(played.report().duplicatesDropped()).as("duplicate blocks").isZero();
        assertThat(played.report().gapSamples()).isEqualTo(FleetIntegrationTests.GAP_TO - FleetIntegrationTests.GAP_FROM);
        FleetIntegrationTests.assertSessionIsTheOrigin(played, 0, FleetIntegrationTests.SESSION_SAMPLES);
    }

    @Test
    void aStationWithAWrongPasswordIsToldInOneLineThatTheBrokerRefusedIt() throws Exception {
        String right = Files.readString(security.resolve("client-station.properties"));
        String password = secret("station");
        Path wrong = dataDir.resolve("client-station-wrong.properties");
        Files.writeString(wrong, right.replace(password, "not-the-password-42"));

        StationRun run = StationRun.of("play", "--kafka-config", wrong.toString(), "--origin", "demo",
                "--stream", FleetIntegrationTests.STREAM.toString(), "--start", FleetIntegrationTests.START.toString(),
                "--duration", "10m", "--output", "null", "--no-keys");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.BROKER_REFUSED);
        List<String> lines = run.stationErrLines();
        assertThat(lines).contains("player-agent: Kafka client settings: " + wrong + " [bootstrap.servers,"
                + " sasl.jaas.config (hidden), sasl.mechanism, security.protocol, ssl.truststore.location,"
                + " ssl.truststore.password (hidden), ssl.truststore.type]");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("player-agent: Kafka broker at 127.0.0.1:" + port
                + " refused the station (SaslAuthenticationException: Authentication failed during authentication due"
                + " to invalid credentials with SASL mechanism SCRAM-SHA-512; check the settings of --kafka-config)");
        assertThat(lines).filteredOn(l -> l.contains("refused")).hasSize(1);
        // The services in this JVM log to stdout and stderr too: neither may show a password.
        assertThat(run.err() + run.out()).doesNotContain("not-the-password-42", password);
    }

    @Test
    void theStationPrincipalIsDeniedWritingToAudioPcm() throws Exception {
        Properties p = load(security.resolve("client-station.properties"));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.AUDIO_PCM, "forged", new byte[16]))
                    .get(90, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(TopicAuthorizationException.class)
                    .hasMessageContaining(Topics.AUDIO_PCM);
        }
    }

    private static String secret(String principal) throws IOException {
        return Files.readString(security.resolve(principal + ".password")).strip();
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void stopBroker() {
        try {
            kafkaLocal("stop", "--data-dir", dataDir.toString());
        } catch (Exception e) {
            throw new IllegalStateException("stopping the secured broker failed", e);
        }
    }

    /** Runs infra/kafka/kafka-local and returns what it printed; fails the test on a non-zero exit. */
    private static String kafkaLocal(String... args) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("user.dir")).getParent().resolve("infra/kafka/kafka-local");
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        System.out.println(String.join(" ", command) + "\n" + output.indent(2));
        assertThat(process.exitValue()).as("kafka-local %s exit code; it printed:%n%s", args[0], output).isZero();
        return output;
    }
}
