package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real Prometheus (Debian's {@code prometheus} package, installed by infra/prometheus/install) on a free loopback
 * port with a configuration the test writes, queried through its HTTP API. Where the binary is missing the calling
 * test is skipped with a message, except under {@code CI=true}, where it fails.
 */
final class PrometheusServer implements AutoCloseable {

    private final Process process;
    private final URI base;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    private PrometheusServer(Process process, URI base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /** The named binary (prometheus, promtool) on the PATH; skips the test, or fails it under CI=true, without it. */
    static Path binary(String name) {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            String why = name + " is not installed (infra/prometheus/install installs Debian's prometheus package)";
            assertThat("true".equals(System.getenv("CI"))).as("CI=true requires it: " + why).isFalse();
            Assumptions.abort(why);
        }
        return found.get();
    }

    /** Starts Prometheus with {@code config} (written to {@code dir}/prometheus.yml) and waits until it is ready. */
    static PrometheusServer start(Path dir, String config) throws Exception {
        Path binary = binary("prometheus");
        Files.createDirectories(dir);
        Path file = Files.writeString(dir.resolve("prometheus.yml"), config);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(binary.toString(), "--config.file=" + file,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusServer server = new PrometheusServer(p, URI.create("http://127.0.0.1:" + port), log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!server.ready()) {
            assertThat(p.isAlive()).as("prometheus exited:\n" + server.log()).isTrue();
            assertThat(System.nanoTime()).as("prometheus not ready in 30 s:\n" + server.log()).isLessThan(deadline);
            Thread.sleep(100);
        }
        return server;
    }

    private boolean ready() {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One sample of an instant query's answer: its labels as Prometheus printed them, and its value. */
    record Sample(String labels, double value) {
    }

    /** An instant query through {@code /api/v1/query}, now; fails on an error answer (a PromQL syntax error, say). */
    List<Sample> query(String promql) throws IOException, InterruptedException {
        URI uri = URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(promql + "\n" + r.body()).isEqualTo(200);
        JsonNode data = json.readTree(r.body()).get("data");
        List<Sample> samples = new ArrayList<>();
        switch (data.get("resultType").asString()) {
            case "vector" -> {
                for (JsonNode s : data.get("result")) {
                    samples.add(new Sample(s.get("metric").toString(), Double.parseDouble(s.get("value").get(1).asString())));
                }
            }
            case "scalar" -> samples.add(new Sample("{}", Double.parseDouble(data.get("result").get(1).asString())));
            default -> throw new AssertionError("not an instant vector or scalar: " + r.body());
        }
        return samples;
    }

    /** {@code /api/v1/metadata}: each metric family's HELP text (families without one map to an empty string). */
    Map<String, String> help() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/metadata"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, String> help = new TreeMap<>();
        for (Map.Entry<String, JsonNode> family : json.readTree(r.body()).get("data").properties()) {
            help.put(family.getKey(), family.getValue().get(0).path("help").asString(""));
        }
        return help;
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
