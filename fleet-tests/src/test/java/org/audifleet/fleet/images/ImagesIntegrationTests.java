package org.audifleet.fleet.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.audifleet.wire.TimeExchange;
import org.audifleet.wire.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.util.FileSystemUtils;

/**
 * Every image archive the build wrote ({@code <module>/target/jib-image.tar}, the images profile) is a real image:
 * its configuration says what the chart relies on (user 10001, the JVM flags, ports, OCI labels, name and tag),
 * and its entrypoint, run from the unpacked layers with a read-only root and a tmpfs /tmp
 * ({@link UnpackedContainer}), serves: the services until {@code /actuator/health} is UP on the test's broker, the
 * demo origin its store; the station lists its devices. A SIGTERM to the JVM, PID 1 of its namespace, drains it.
 * <p>
 * Skips, saying why, without the archives (build: docs/deploy.md, "Images") or without root; with
 * {@code AUDIFLEET_REQUIRE_IMAGES=true} (.ci/run; it also switches on the images profile) both fail instead.
 */
@EmbeddedKafka(partitions = Topics.PARTITIONS)
class ImagesIntegrationTests {

    enum Image {
        FETCHER("fetcher-service", "fetcher-service", 8091),
        DECODER("decoder-service", "decoder-service", 8092),
        WAVEFORM("waveform-service", "waveform-service", 8093),
        CONSOLE("console-service", "console-service", 8094),
        TIME("time-service", "time-service", 8095),
        PLAYER("player-agent", "player-agent", 0),
        DEMO_ORIGIN("chunk-store-demo", "demo-origin", 8081);

        final String module;
        final String name;
        final int port;

        Image(String module, String name, int port) {
            this.module = module;
            this.name = name;
            this.port = port;
        }

        Path archive() {
            return ROOT.resolve(module).resolve("target/jib-image.tar");
        }
    }

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path WORK = Path.of("target/images-it").toAbsolutePath();
    static final String VERSION = System.getProperty("audifleet.version", "0.1.0-SNAPSHOT");
    static final Duration HEALTHY_WITHIN = Duration.ofSeconds(150);
    static final Duration DRAINED_WITHIN = Duration.ofSeconds(60);
    /** What the JVM exits with after running its shutdown hooks on SIGTERM (128 + 15). */
    static final int EXIT_AFTER_SIGTERM = 143;
    static final String JAVA_TOOL_OPTIONS = "-Xmx192m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    static final Map<Image, ImageArchive> images = new EnumMap<>(Image.class);
    static final List<UnpackedContainer> started = new ArrayList<>();
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void openTheArchives() throws Exception {
        boolean required = Boolean.parseBoolean(System.getenv("AUDIFLEET_REQUIRE_IMAGES"));
        List<String> missing = Stream.of(Image.values()).filter(i -> !Files.isRegularFile(i.archive()))
                .map(i -> ROOT.relativize(i.archive()).toString()).toList();
        String why = !missing.isEmpty()
                ? "no image archives " + missing + ": infra/images/base-image build, then ./mvnw -B -DskipTests"
                        + " -Pimages package (docs/deploy.md, \"Images\")"
                : !"root".equals(System.getProperty("user.name"))
                        ? "running an unpacked image needs root (mount and PID namespaces, a chroot)" : null;
        if (why != null && required) {
            fail("AUDIFLEET_REQUIRE_IMAGES=true but " + why);
        }
        assumeTrue(why == null, () -> "ImagesIntegrationTests skipped: " + why);
        FileSystemUtils.deleteRecursively(WORK);
        for (Image image : Image.values()) {
            images.put(image, ImageArchive.open(image.archive(), WORK.resolve(image.name).resolve("archive")));
        }
        broker = EmbeddedKafkaCondition.getBroker();
    }

    @AfterAll
    static void stopAndCleanUp() throws IOException {
        started.forEach(UnpackedContainer::close);
        // Each unpacked root is ~200 MB; the logs stay.
        for (Image image : images.keySet()) {
            FileSystemUtils.deleteRecursively(WORK.resolve(image.name).resolve("root"));
            FileSystemUtils.deleteRecursively(WORK.resolve(image.name).resolve("archive"));
        }
    }

    @Test
    void eachImageIsNamedAndConfiguredAsTheChartExpects() {
        for (Image image : Image.values()) {
            ImageArchive archive = images.get(image);
            ImageArchive.Config config = archive.config;
            assertThat(archive.reference).as(image.name).isEqualTo("audifleet/" + image.name + ":" + VERSION);
            assertThat(config.user()).as(image.name + " user").isEqualTo("10001:10001");
            assertThat(config.workingDir()).as(image.name).isEqualTo("/tmp");
            assertThat(config.entrypoint()).as(image.name + " entrypoint")
                    .startsWith("java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError")
                    .contains("-cp", "@/app/jib-classpath-file");
            assertThat(config.exposedPorts()).as(image.name + " ports").containsExactlyInAnyOrderElementsOf(
                    image.port == 0 ? List.of() : image == Image.TIME ? List.of("8095/tcp", "9123/udp")
                            : List.of(image.port + "/tcp"));
            assertThat(config.labels()).as(image.name + " labels")
                    .containsEntry("org.opencontainers.image.title", "audifleet/" + image.name)
                    .containsEntry("org.opencontainers.image.version", VERSION)
                    .containsKey("org.opencontainers.image.description");
            assertThat(config.env()).as(image.name).contains("JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64");
        }
        assertThat(images.get(Image.PLAYER).config.cmd()).isEqualTo(List.of("daemon"));
        assertThat(images.get(Image.PLAYER).config.entrypoint()).contains("-XX:+UseSerialGC")
                .endsWith("org.audifleet.player.PlayerAgent");
        assertThat(images.get(Image.DEMO_ORIGIN).config.cmd())
                .isEqualTo(List.of("serve", "--dir", "/srv/demo-store", "--bind", "0.0.0.0"));
    }

    @Test
    void eachServiceIsHealthyOnTheBrokerFromItsUnpackedImageAndDrainsOnSigterm() throws Exception {
        Map<Image, UnpackedContainer> services = new EnumMap<>(Image.class);
        Map<Image, Integer> ports = new EnumMap<>(Image.class);
        // All four at once: they start in parallel as in a cluster, and the test takes one start, not four.
        for (Image image : List.of(Image.FETCHER, Image.DECODER, Image.WAVEFORM, Image.CONSOLE)) {
            ports.put(image, freePort());
            services.put(image, run(image, images.get(image).config.command(), Map.of(
                    "PORT", String.valueOf(ports.get(image)),
                    "AUDIFLEET_KAFKA_BOOTSTRAP", broker.getBrokersAsString(),
                    // The console has no default for where browsers find the waveform service (its README).
                    "AUDIFLEET_CONSOLE_PAGE_WAVEFORM_URL", "http://127.0.0.1:8093",
                    // Honoured as in any JVM; C1 only and the serial GC: four Spring starts at once on 2 cores.
                    "JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS)));
        }
        for (Image image : services.keySet()) {
            UnpackedContainer service = services.get(image);
            awaitHealthy(image, service, ports.get(image));
            ProcessHandle jvm = service.entrypoint().orElseThrow();
            assertThat(jvm.info().command()).as(image.name).hasValueSatisfying(c -> assertThat(c).endsWith("/java"));
            assertThat(UnpackedContainer.pidInsideItsNamespace(jvm)).as(image.name + ": the JVM is PID 1").isEqualTo(1);
        }
        for (Image image : services.keySet()) {
            services.get(image).entrypoint().orElseThrow().destroy();   // SIGTERM, as the kubelet sends it
        }
        for (Image image : services.keySet()) {
            UnpackedContainer service = services.get(image);
            int exit = service.waitFor(DRAINED_WITHIN);
            String log = service.output();
            assertThat(exit).as(image.name + " exit after SIGTERM; log " + service.log).isEqualTo(EXIT_AFTER_SIGTERM);
            assertThat(log).as(image.name + " log")
                    .contains("Picked up JAVA_TOOL_OPTIONS: " + JAVA_TOOL_OPTIONS)
                    // Each consumer leaves its group as its container stops. Not "Consumer stopped": a consumer
                    // thread logs it after the container has told the context it stopped, so a JVM exiting at once
                    // (a quiet machine) may never print it (seen in a .ci/run).
                    .contains("consumer pro-actively leaving the group")
                    .contains("Commencing graceful shutdown")
                    .contains("Graceful shutdown complete")
                    .doesNotContain("Read-only file system");
        }
    }

    @Test
    void theStationImageListsItsSoundDevices() throws Exception {
        UnpackedContainer station = run(Image.PLAYER, entrypointWith(Image.PLAYER, "devices"), Map.of());
        int exit = station.waitFor(Duration.ofSeconds(60));
        assertThat(exit).as("player-agent devices; output:%n%s", station.output()).isZero();
        UnpackedContainer help = run(Image.PLAYER, entrypointWith(Image.PLAYER, "--help"), Map.of());
        assertThat(help.waitFor(Duration.ofSeconds(60))).isZero();
        assertThat(help.output()).contains("daemon");
    }

    @Test
    void theTimeServiceImageAnswersAnExchangeAndDrainsOnSigterm() throws Exception {
        int port = freePort();
        int udp = freePort(); // a free TCP port number is almost always a free UDP one too
        UnpackedContainer time = run(Image.TIME, images.get(Image.TIME).config.command(), Map.of(
                "PORT", String.valueOf(port), "AUDIFLEET_TIME_PORT", String.valueOf(udp),
                "JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS));
        awaitHealthy(Image.TIME, time, port);
        try (DatagramSocket station = new DatagramSocket()) {
            station.connect(new InetSocketAddress("127.0.0.1", udp));
            station.setSoTimeout(10_000);
            byte[] ask = TimeExchange.request(1, System.currentTimeMillis() * 1_000_000L).encode();
            station.send(new DatagramPacket(ask, ask.length));
            DatagramPacket answer = new DatagramPacket(new byte[64], 64);
            station.receive(answer);
            assertThat(TimeExchange.decode(Arrays.copyOf(answer.getData(),
                    answer.getLength())).kind()).isEqualTo(TimeExchange.Kind.REPLY);
        }
        ProcessHandle jvm = time.entrypoint().orElseThrow();
        assertThat(UnpackedContainer.pidInsideItsNamespace(jvm)).isEqualTo(1);
        jvm.destroy();
        assertThat(time.waitFor(DRAINED_WITHIN)).as("time service exit; output:%n%s", time.output())
                .isEqualTo(EXIT_AFTER_SIGTERM);
        assertThat(time.output()).contains("time service: answering exchanges on udp://0.0.0.0:" + udp)
                .contains("Graceful shutdown complete").doesNotContain("Read-only file system");
    }

    @Test
    void theDemoOriginImageServesItsStoreAndStopsOnSigterm() throws Exception {
        int port = freePort();
        UnpackedContainer origin = run(Image.DEMO_ORIGIN, images.get(Image.DEMO_ORIGIN).config.command(),
                Map.of("PORT", String.valueOf(port)));
        URI manifest = URI.create("http://127.0.0.1:" + port + "/2024/01/01/XX/DEMO/--/HHZ/manifest.json");
        HttpResponse<String> answer = awaitAnswer(origin, manifest, Duration.ofSeconds(60));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"stream\" : \"XX.DEMO..HHZ\"");
        ProcessHandle jvm = origin.entrypoint().orElseThrow();
        assertThat(UnpackedContainer.pidInsideItsNamespace(jvm)).isEqualTo(1);
        jvm.destroy();
        assertThat(origin.waitFor(Duration.ofSeconds(30))).as("demo origin exit; output:%n%s", origin.output())
                .isEqualTo(EXIT_AFTER_SIGTERM);
    }

    private static UnpackedContainer run(Image image, List<String> command, Map<String, String> env)
            throws IOException, InterruptedException {
        Path dir = WORK.resolve(image.name);
        Path root = dir.resolve("root");
        if (!Files.isDirectory(root)) {
            images.get(image).unpack(root);
        }
        Path log = dir.resolve(image.name + "-" + started.size() + ".log");
        UnpackedContainer container = UnpackedContainer.start(root, images.get(image).config, command, env, log);
        started.add(container);
        return container;
    }

    private static List<String> entrypointWith(Image image, String... args) {
        List<String> command = new ArrayList<>(images.get(image).config.entrypoint());
        command.addAll(List.of(args));
        return command;
    }

    private static void awaitHealthy(Image image, UnpackedContainer service, int port) throws Exception {
        HttpResponse<String> answer = awaitAnswer(service,
                URI.create("http://127.0.0.1:" + port + "/actuator/health"), HEALTHY_WITHIN);
        assertThat(answer.statusCode()).as(image.name + " health; log " + service.log).isEqualTo(200);
        assertThat(answer.body()).as(image.name).contains("\"status\":\"UP\"");
    }

    private static HttpResponse<String> awaitAnswer(UnpackedContainer container, URI uri, Duration within)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!container.isAlive()) {
                fail(uri + ": the container ended first; its output:\n" + container.output());
            }
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return answer;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        return fail(uri + " did not answer 200 within " + within + "; output:\n" + container.output());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
