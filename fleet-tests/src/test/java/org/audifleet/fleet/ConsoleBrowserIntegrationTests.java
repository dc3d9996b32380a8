package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.BoundingBox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
import org.audifleet.console.ConsoleApplication;
import org.audifleet.wire.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The console in a real browser (Debian's chromium, driven by Playwright) against the fleet and a station daemon:
 * pick the stream, pick the station, play, click the waveform and see the station's announced position at the
 * clicked time, drag a loop and see the station loop it. Screenshots go to docs/images/.
 */
@EmbeddedKafka(partitions = Topics.PARTITIONS)
class ConsoleBrowserIntegrationTests {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final String STATION = "browser-1";
    static final double WINDOW_SECONDS = 7200;
    /** One period of audio (512 frames at 44.1 kHz, EngineSettings) in data time at 441x: 512 samples at 100 Hz. */
    static final double PERIOD_DATA_SECONDS = 512 / 44100.0 * 441;
    static final List<String> CHROMIUM_FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync");

    @TempDir
    static Path dir;
    static ChunkStoreServer server;
    static Fleet fleet;
    static ConfigurableApplicationContext console;
    static StationMetricsIntegrationTests.Station daemon;
    static String consoleUrl;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startFleetConsoleAndStation() throws Exception {
        boolean ci = "true".equals(System.getenv("CI"));
        if (!Files.isExecutable(CHROMIUM)) {
            assertThat(ci).as("CI=true and no " + CHROMIUM + ": .ci/run installs it (infra/browser/install)").isFalse();
            Assumptions.abort("no " + CHROMIUM + " (Debian's chromium; infra/browser/install): browser test skipped");
        }
        Path store = Files.createDirectories(dir.resolve("store"));
        new DemoStoreWriter().length(Duration.ofHours(2)).write(store);
        server = new ChunkStoreServer(store, 0);
        EmbeddedKafkaBroker broker = EmbeddedKafkaCondition.getBroker();
        fleet = new Fleet(broker.getBrokersAsString(), "--audifleet.origins.demo.url=" + server.uri()).startAll();
        console = ConsoleApplication.application().run("--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--server.port=0", "--spring.main.banner-mode=off",
                "--audifleet.console.catalog.origins.demo.url=" + server.uri(),
                "--audifleet.console.catalog.origins.demo.streams=" + DemoStoreWriter.DEFAULT_STREAM,
                "--audifleet.console.catalog.origins.demo.days=2024-01-01",
                "--audifleet.console.page.waveform-url=http://127.0.0.1:" + fleet.port(Fleet.Service.WAVEFORM));
        consoleUrl = "http://127.0.0.1:" + console.getEnvironment().getProperty("local.server.port");
        daemon = StationMetricsIntegrationTests.Station.start(dir.resolve("daemon"), "daemon", "--station", STATION,
                "--bootstrap", broker.getBrokersAsString(), "--output", "null:realtime", "--announce-every", "500ms",
                "--status-timeout", "60s", "--first-audio-timeout", "60s");
        daemon.awaitOut(Pattern.compile("station " + STATION + ": listening on"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        Fleet.closeAll(console, fleet, server);
    }

    @Test
    void aClickSeeksTheStationAndADragLoopsIt() throws Exception {
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(CHROMIUM).setArgs(CHROMIUM_FLAGS).setHeadless(true))) {
            Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1100, 900)).newPage();
            page.onConsoleMessage(m -> System.out.println("browser console: " + m.text()));
            page.onPageError(e -> System.out.println("browser page error: " + e));
            page.navigate(consoleUrl + "/");
            page.locator("#streams tr[data-stream='XX.DEMO..HHZ'] button.pick").click();
            page.locator("#end").fill("2024-01-01T02:00:00Z");
            page.locator("#stations tr[data-station='" + STATION + "'] input[type=radio]").check();
            page.locator("#play").click();
            page.waitForFunction("() => document.getElementById('session-id').textContent.length > 0");
            String session = page.locator("#session-id").textContent();
            assertThat(session).as(page.locator("#message").textContent()).hasSize(36);
            JsonNode playing = awaitStation(s -> session.equals(s.path("playing").path("sessionId").asText()));
            assertThat(playing.path("playing").path("stream").asText()).isEqualTo("XX.DEMO..HHZ");
            page.locator("#pause").click();
            awaitStation(s -> s.path("playing").path("paused").asBoolean());
            try {
                page.waitForFunction("() => window.audifleetConsole.complete && window.audifleetConsole.peaks !== null");
            } catch (com.microsoft.playwright.PlaywrightException e) {
                throw new AssertionError("the waveform never completed; the page says: "
                        + page.locator("#message").textContent() + "; state: " + page.evaluate(
                                "() => JSON.stringify({c: window.audifleetConsole.complete, s: window.audifleetConsole.status,"
                                + " p: window.audifleetConsole.peaks !== null})"), e);
            }

            // A click: the station plays from the time under the pointer, as peaks.js draws it.
            BoundingBox box = page.locator("#waveform").boundingBox();
            double x = Math.round(box.width * 0.3);
            double clicked = ((Number) page.evaluate("x => window.audifleetConsole.timeAt(x)", x)).doubleValue();
            assertThat(clicked).as("peaks.js spreads the whole session over the overview")
                    .isCloseTo(x / box.width * WINDOW_SECONDS, org.assertj.core.data.Offset.offset(
                            2 * WINDOW_SECONDS / box.width));
            long sent = Instant.now().toEpochMilli() * 1000;
            page.mouse().click(box.x + x, box.y + box.height / 2);
            JsonNode seeked = awaitStation(s -> s.path("announcedAtMicros").asLong() > sent
                    && Math.abs(position(s) - clicked) <= PERIOD_DATA_SECONDS);
            System.out.printf("console: clicked %.1f s, station at %.1f s%n", clicked, position(seeked));
            page.screenshot(new Page.ScreenshotOptions().setPath(images().resolve("console-seek.png")));

            // A drag: the station loops the dragged span, and keeps playing inside it.
            double x1 = Math.round(box.width * 0.5);
            double x2 = Math.round(box.width * 0.55);
            double from = ((Number) page.evaluate("x => window.audifleetConsole.timeAt(x)", x1)).doubleValue();
            double to = ((Number) page.evaluate("x => window.audifleetConsole.timeAt(x)", x2)).doubleValue();
            page.mouse().move(box.x + x1, box.y + box.height / 2);
            page.mouse().down();
            page.mouse().move(box.x + x2, box.y + box.height / 2, new com.microsoft.playwright.Mouse.MoveOptions()
                    .setSteps(5));
            page.mouse().up();
            page.locator("#resume").click();
            JsonNode looping = awaitStation(s -> !s.path("playing").path("paused").asBoolean()
                    && Math.abs(s.path("playing").path("loopFromMicros").asLong() / 1e6 - from) < 0.02
                    && Math.abs(s.path("playing").path("loopToMicros").asLong() / 1e6 - to) < 0.02);
            System.out.printf("console: dragged %.1f–%.1f s, station loops %.1f–%.1f s%n", from, to,
                    looping.path("playing").path("loopFromMicros").asLong() / 1e6,
                    looping.path("playing").path("loopToMicros").asLong() / 1e6);
            // The page seeks to the loop's start after the loop: the station is inside it at once.
            awaitStation(s -> position(s) >= from - PERIOD_DATA_SECONDS && position(s) <= to + PERIOD_DATA_SECONDS);
            // The loop is (to - from) / 441 s of sound: watch it go round more than twice.
            long watchUntil = System.nanoTime() + Duration.ofMillis((long) ((to - from) / 441 * 3000) + 1500).toNanos();
            double last = -1;
            int wraps = 0;
            while (System.nanoTime() < watchUntil) {
                JsonNode s = station();
                double at = position(s);
                assertThat(at).as("the station plays inside the loop").isBetween(from - PERIOD_DATA_SECONDS,
                        to + PERIOD_DATA_SECONDS);
                if (last >= 0 && at < last) {
                    wraps++;
                }
                last = at;
                Thread.sleep(100);
            }
            assertThat(wraps).as("the station went round the loop").isPositive();
            page.screenshot(new Page.ScreenshotOptions().setPath(images().resolve("console-loop.png")));

            HttpResponse<byte[]> wav = http.send(HttpRequest.newBuilder(URI.create(consoleUrl + "/api/sessions/"
                    + session + "/session.wav")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(wav.statusCode()).isEqualTo(200);
            assertThat(new String(wav.body(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
            assertThat(wav.body()).hasSize(44 + 2 * 720_000); // 2 h at 100 Hz, the 3-minute gap as silence
        }
    }

    static double position(JsonNode station) {
        return station.path("playing").path("positionMicros").asLong() / 1e6;
    }

    static Path images() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        Path images = (Files.isDirectory(root.resolve("docs")) ? root : root.getParent()).resolve("docs/images");
        return Files.createDirectories(images);
    }

    static JsonNode station() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(consoleUrl + "/api/stations")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        for (JsonNode s : json.readTree(r.body())) {
            if (STATION.equals(s.path("name").asText())) {
                return s;
            }
        }
        return json.createObjectNode();
    }

    static JsonNode awaitStation(Predicate<JsonNode> check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode s = station();
        while (!check.test(s)) {
            assertThat(System.nanoTime()).as("station never showed it; last announced: " + s + "\n" + daemon.err())
                    .isLessThan(deadline);
            Thread.sleep(100);
            s = station();
        }
        return s;
    }
}
