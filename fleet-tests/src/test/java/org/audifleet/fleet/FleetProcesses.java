package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.audifleet.chunkstore.origin.ChunkStoreServer;

/**
 * The fleet as bin/demo runs it (bin/lib/fleet.sh): a Kafka broker started by {@code infra/kafka/kafka-local} and
 * the fetcher, decoder and waveform services (and, where a test asks, the time service) as separate JVMs from their
 * built jars, each on a port chosen free
 * once and kept across restarts, so a test can SIGKILL any of them and start it again on the same data and ports.
 * Everything it starts is killed by {@link #close()}, and by a shutdown hook should the test JVM end first.
 */
final class FleetProcesses implements AutoCloseable {

    enum Service {
        FETCHER("fetcher-service"), DECODER("decoder-service"), WAVEFORM("waveform-service"),
        /** The fleet's time reference for group playback (issue 14): UDP on {@link #timePort()}, not always built. */
        TIME("time-service");

        final String module;

        Service(String module) {
            this.module = module;
        }

        /** The three services every fleet has; the time service only where a test starts it. */
        static Service[] core() {
            return new Service[] {FETCHER, DECODER, WAVEFORM};
        }
    }

    /** The checkout: surefire runs a module's tests in the module's folder. */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path dir;
    private final List<String> serviceArgs;
    private final int kafkaPort = freePort();
    private final int controllerPort = freePort();
    private final int timePort = freeUdpPort();
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    private final Map<Service, Process> running = new EnumMap<>(Service.class);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread reaper = new Thread(this::killEverything, "fleet-processes-reaper");
    private volatile long brokerPid = -1;

    /** The chunk store at {@code store} on loopback: each 10 min chunk's first request after {@code delay}. */
    static ChunkStoreServer pacedOrigin(Path store, Duration delay) throws IOException {
        // Repeat requests (a restarted fetcher's) are answered at once.
        return new ChunkStoreServer(store, 0, List.of(new ChunkStoreServer.Fault(
                Pattern.compile("\\.10m\\.i32\\.zst$"), 1, 0, delay, false)));
    }

    /**
     * Service arguments naming a chunk-store origin {@code paced} at {@code origin} (10 min chunks, one request at a
     * time), then {@code more}, and consumer timeouts that hand a SIGKILLed member's partitions to the restarted
     * service soon: it holds them until its session times out (45 s by default), so the broker's smallest allowed
     * session timeout is used.
     */
    static String[] pacedOriginArgs(URI origin, String... more) {
        List<String> args = new ArrayList<>(List.of("--audifleet.origins.paced.kind=chunk-store",
                "--audifleet.origins.paced.url=" + origin, "--audifleet.origins.paced.chunk-policy=10m",
                "--audifleet.origins.paced.max-concurrency=1"));
        args.addAll(List.of(more));
        args.add("--spring.kafka.consumer.properties.session.timeout.ms=6000");
        args.add("--spring.kafka.consumer.properties.heartbeat.interval.ms=1000");
        return args.toArray(String[]::new);
    }

    /**
     * @param dir         where the broker's data and every process's log go ({@code logs/<module>.log})
     * @param serviceArgs extra command-line arguments for every service, e.g. origin definitions
     */
    FleetProcesses(Path dir, String... serviceArgs) throws IOException {
        for (Service s : Service.values()) {
            ports.put(s, freePort());
        }
        for (Service s : Service.core()) {
            requireJar(s);
        }
        if (!Files.isDirectory(ROOT.resolve("infra/target/kafka-libs"))) {
            throw new IllegalStateException("no broker jars in infra/target/kafka-libs: build them first"
                    + " (./mvnw -q -B -DskipTests install)");
        }
        this.dir = dir;
        this.serviceArgs = List.of(serviceArgs);
        Files.createDirectories(dir.resolve("logs"));
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    String bootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    int port(Service service) {
        return ports.get(service);
    }

    /** The time service's UDP port ({@code audifleet.time.port}). */
    int timePort() {
        return timePort;
    }

    /** Whether this checkout has built the service's jar (the time service is newer than the others). */
    static boolean built(Service service) throws IOException {
        return jar(service) != null;
    }

    private static Path requireJar(Service service) throws IOException {
        Path jar = jar(service);
        if (jar == null) {
            throw new IllegalStateException("no " + service.module + " exec jar under " + ROOT.resolve(service.module)
                    + "/target: build it first (./mvnw -q -B -DskipTests install)");
        }
        return jar;
    }

    Path log(String name) {
        return dir.resolve("logs").resolve(name + ".log");
    }

    /** {@code kafka-local start} on this fleet's ports and data folder; a second call restarts on the same data. */
    void startBroker() throws IOException, InterruptedException {
        Process start = new ProcessBuilder(ROOT.resolve("infra/kafka/kafka-local").toString(), "start", "--port",
                Integer.toString(kafkaPort), "--controller-port", Integer.toString(controllerPort), "--data-dir",
                dir.resolve("kafka").toString(), "--timeout", Long.toString(START_TIMEOUT.toSeconds()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log("kafka-local").toFile()))
                .start();
        assertThat(start.waitFor(START_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS)).as("kafka-local start ended")
                .isTrue();
        assertThat(start.exitValue()).as("kafka-local start: %s", Files.readString(log("kafka-local"))).isZero();
        brokerPid = Long.parseLong(Files.readString(dir.resolve("kafka/kafka.pid")).strip());
    }

    /** SIGKILL to the broker (no controlled shutdown), and waits until it is gone. */
    void killBroker() {
        if (brokerPid > 0) {
            ProcessHandle.of(brokerPid).ifPresent(FleetProcesses::kill);
            brokerPid = -1;
        }
    }

    /**
     * Starts the services' jars as bin/lib/fleet.sh does, all at once, and waits until the health of each is UP
     * (not yet "partitions assigned": a first request may wait for the groups to settle).
     */
    void start(Service... services) throws IOException, InterruptedException {
        for (Service service : services) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-XX:+UseSerialGC", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar",
                    requireJar(service).toString(), "--server.port=" + port(service),
                    "--spring.kafka.bootstrap-servers=" + bootstrap(), "--spring.main.banner-mode=off"));
            if (service == Service.TIME) {
                command.add("--audifleet.time.port=" + timePort);
            } else {
                command.addAll(serviceArgs);
            }
            running.put(service, new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(service.module).toFile())).start());
        }
        for (Service service : services) {
            awaitHealthy(service, running.get(service));
        }
    }

    /** SIGKILL ({@link Process#destroyForcibly()} on Linux) to the service, and waits until it is gone. */
    void kill(Service service) {
        Process p = running.remove(service);
        if (p != null) {
            kill(p.toHandle());
        }
    }

    private void awaitHealthy(Service service, Process p) throws IOException, InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(service)
                + "/actuator/health")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("%s exited during start-up; its log:\n%s", service.module,
                    tail(log(service.module))).isTrue();
            try {
                if (http.send(health, HttpResponse.BodyHandlers.ofString()).body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        throw new AssertionError(service.module + " not healthy within " + START_TIMEOUT + "; its log:\n"
                + tail(log(service.module)));
    }

    static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() {
        killEverything();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run: nothing left to remove.
        }
    }

    private void killEverything() {
        for (Service s : Service.values()) {
            kill(s);
        }
        killBroker();
    }

    private static void kill(ProcessHandle process) {
        process.destroyForcibly();
        process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    }

    private static Path jar(Service service) throws IOException {
        Path target = ROOT.resolve(service.module).resolve("target");
        if (!Files.isDirectory(target)) {
            return null;
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("audifleet-" + service.module
                    + "-.*-exec\\.jar")).findFirst().orElse(null);
        }
    }

    private static int freeUdpPort() {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free UDP port", e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
