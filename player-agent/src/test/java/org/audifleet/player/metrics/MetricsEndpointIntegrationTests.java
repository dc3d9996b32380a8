package org.audifleet.player.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.audifleet.player.PlayerAgent;
import org.audifleet.player.session.ExitCodes;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@link MetricsEndpoint} over real HTTP on loopback, and what {@code play --metrics-port} says about it. A playing
 * station scraped end to end is fleet-tests' {@code StationMetricsIntegrationTests}.
 */
class MetricsEndpointIntegrationTests {

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTheScrapeAtMetricsOnlyAndOnAFreePortWhenAskedForZero() throws Exception {
        StationMetrics metrics = new StationMetrics("lab-1", StationMetrics.Trigger.CONTROL);
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(metrics, InetAddress.getLoopbackAddress(), 0)) {
            assertThat(endpoint.address().getPort()).isPositive();
            assertThat(endpoint.url()).isEqualTo("http://127.0.0.1:" + endpoint.address().getPort() + "/metrics");

            HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create(endpoint.url())).build());
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.headers().firstValue("Content-Type")).hasValue(MetricsEndpoint.CONTENT_TYPE);
            assertThat(get.body()).contains("# HELP audifleet_station_first_audio_seconds ",
                    "audifleet_station_sessions_total{outcome=\"played\",station=\"lab-1\"} 0");

            HttpResponse<String> head = send(HttpRequest.newBuilder(URI.create(endpoint.url()))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();

            HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(endpoint.url()))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");

            HttpResponse<String> other = send(HttpRequest.newBuilder(URI.create(endpoint.url() + "/x")).build());
            assertThat(other.statusCode()).isEqualTo(404);
            assertThat(other.body()).isEqualTo("not found: the station serves only /metrics\n");
        }
    }

    @Test
    void playTellsWhereItServesAndAPortInUseIsOneLineAndExitOne() throws Exception {
        String[] play = {"play", "--origin", "demo", "--stream", "XX.DEMO..HHZ", "--start", "2024-01-01T00:00:00Z",
            "--output", "null", "--bootstrap", "127.0.0.1:1", "--quiet", "--metrics-port"};
        String[] free = append(play, "0");
        Run run = run(free);
        assertThat(run.code).as(run.err).isEqualTo(ExitCodes.BROKER_UNREACHABLE);
        assertThat(run.err.lines().findFirst()).get().asString()
                .matches("player-agent: metrics at http://127\\.0\\.0\\.1:[1-9][0-9]*/metrics");

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run refused = run(append(play, String.valueOf(taken.getLocalPort())));
            assertThat(refused.code).isEqualTo(ExitCodes.FAILED);
            assertThat(refused.err.lines()).singleElement().asString().isEqualTo("player-agent: cannot serve metrics on"
                    + " 127.0.0.1:" + taken.getLocalPort() + ": Address already in use");
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String[] append(String[] args, String last) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }

    private record Run(int code, String err) {
    }

    /** {@code play} prints to System.err, so it is swapped for the run (surefire runs one test at a time). */
    private static Run run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream wasErr = System.err;
        int code;
        try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setErr(e);
            CommandLine cli = PlayerAgent.commandLine();
            cli.setErr(new PrintWriter(e, true));
            code = cli.execute(args);
        } finally {
            System.setErr(wasErr);
        }
        return new Run(code, err.toString(StandardCharsets.UTF_8));
    }
}
