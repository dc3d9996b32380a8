package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
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
 * The station's {@code /metrics} (docs/metrics.md), scraped over real HTTP on loopback from real {@code player-agent}
 * processes playing real sessions through the fetcher and decoder: every metric is there before the first session,
 * and the frames, first audio, command-to-sound and now playing move while one plays.
 */
@EmbeddedKafka(partitions = Topics.PARTITIONS)
class StationMetricsIntegrationTests {

    static final StreamId STREAM = DemoStoreWriter.DEFAULT_STREAM;
    static final Instant START = DemoStoreWriter.DEFAULT_START;
    static final Pattern METRICS_AT = Pattern.compile("player-agent: metrics at (http://\\S+)");
    /** Families every station scrape holds from its start (the histograms' _max gauges too). */
    static final List<String> FAMILIES = List.of("audifleet_station_first_audio_seconds",
            "audifleet_station_command_to_sound_seconds", "audifleet_station_frames_rendered_total",
            "audifleet_station_buffer_underruns_total", "audifleet_station_device_dropouts_total",
            "audifleet_station_device_dropout_milliseconds_total", "audifleet_station_sessions_total",
            "audifleet_station_buffer_ahead_seconds", "audifleet_station_position_seconds",
            "audifleet_station_kafka_lag_records", "audifleet_station_now_playing");

    @TempDir
    static Path dir;
    static ChunkStoreServer server;
    static Fleet fleet;
    static EmbeddedKafkaBroker broker;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startFleet() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        new DemoStoreWriter().length(Duration.ofHours(2)).write(store);
        server = new ChunkStoreServer(store, 0);
        broker = EmbeddedKafkaCondition.getBroker();
        fleet = new Fleet(broker.getBrokersAsString(), "--audifleet.origins.demo.url=" + server.uri());
        fleet.start(Fleet.Service.FETCHER);
        fleet.start(Fleet.Service.DECODER);
    }

    @AfterAll
    static void stopFleet() {
        Fleet.closeAll(fleet, server);
    }

    @Test
    void playServesItsSessionsMetricsWhileItPlays() throws Exception {
        Path idFile = dir.resolve("play-session-id");
        // 1 h of data is 8.2 s at 441x into a paced null output: time to scrape it playing.
        try (Station play = Station.start(dir.resolve("play"), "play", "--bootstrap", broker.getBrokersAsString(),
                "--origin", "demo", "--stream", STREAM.toString(), "--start", START.toString(), "--duration", "1h",
                "--output", "null:realtime", "--quiet", "--no-keys", "--status-timeout", "60s",
                "--first-audio-timeout", "60s", "--metrics-port", "0", "--station-name", "metrics-play",
                "--session-id-file", idFile.toString())) {
            String url = play.awaitErr(METRICS_AT);
            assertThat(url).startsWith("http://127.0.0.1:").doesNotEndWith(":0/metrics");
            assertEveryFamilyHasHelp(scrape(url));

            String label = "{station=\"metrics-play\"}";
            String heard = awaitScrape(url, play, text -> value(text, "audifleet_station_first_audio_seconds_count"
                    + label) == 1 && value(text, "audifleet_station_frames_rendered_total" + label) > 0);
            System.out.println("play: scraped while playing:\n" + heard.lines()
                    .filter(l -> l.startsWith("audifleet_station_") && !l.contains("_bucket")).toList());
            String session = Files.readString(idFile).trim();
            assertThat(value(heard, "audifleet_station_now_playing{session=\"" + session
                    + "\",station=\"metrics-play\",stream=\"" + STREAM + "\"}")).isEqualTo(1);
            assertThat(value(heard, "audifleet_station_command_to_sound_seconds_count{command=\"play\","
                    + "station=\"metrics-play\"}")).isEqualTo(1);
            double ttfa = value(heard, "audifleet_station_first_audio_seconds_sum" + label);
            double toSound = value(heard, "audifleet_station_command_to_sound_seconds_sum{command=\"play\","
                    + "station=\"metrics-play\"}");
            assertThat(ttfa).isPositive().isLessThan(toSound);
            double frames = value(heard, "audifleet_station_frames_rendered_total" + label);
            String later = awaitScrape(url, play,
                    text -> value(text, "audifleet_station_frames_rendered_total" + label) > frames);
            assertThat(value(later, "audifleet_station_position_seconds" + label)).isPositive().isLessThanOrEqualTo(3600);
            assertThat(value(later, "audifleet_station_kafka_lag_records" + label)).isNotNegative();
            System.out.println("play: time to first audio " + ttfa + " s, command-to-sound " + toSound + " s");

            assertThat(play.awaitExit()).as(play.err()).isZero();
            // The summary's frames (more than 360,000 when a loaded machine made it underrun) include the scraped.
            Matcher summary = Pattern.compile("played \\S+ s \\((\\d+) frames at 44100 Hz\\)").matcher(play.err());
            assertThat(summary.find()).as(play.err()).isTrue();
            assertThat(Long.parseLong(summary.group(1))).isGreaterThanOrEqualTo(360_000)
                    .isGreaterThanOrEqualTo((long) value(later, "audifleet_station_frames_rendered_total" + label));
        }
    }

    @Test
    void aDaemonShowsEveryMetricBeforeItsFirstSessionAndEachControlledSession() throws Exception {
        try (Station daemon = Station.start(dir.resolve("daemon"), "daemon", "--station", "metrics-d",
                "--bootstrap", broker.getBrokersAsString(), "--output", "null:realtime", "--status-timeout", "60s",
                "--first-audio-timeout", "60s", "--metrics-port", "0")) {
            String url = daemon.awaitErr(METRICS_AT);
            daemon.awaitOut(Pattern.compile("station metrics-d: listening on"));
            String fresh = scrape(url);
            assertEveryFamilyHasHelp(fresh);
            assertThat(value(fresh, "audifleet_station_now_playing{session=\"\",station=\"metrics-d\",stream=\"\"}"))
                    .isZero();
            assertThat(value(fresh, "audifleet_station_command_to_sound_seconds_count{command=\"control\","
                    + "station=\"metrics-d\"}")).isZero();
            assertThat(value(fresh, "audifleet_station_sessions_total{outcome=\"played\",station=\"metrics-d\"}"))
                    .isZero();

            StationRun control = StationRun.of("control", "--bootstrap", broker.getBrokersAsString(), "--station",
                    "metrics-d", "play", "demo", STREAM.toString(), START.toString(), "10m");
            assertThat(control.exitCode()).as(control.err()).isZero();
            String ended = awaitScrape(url, daemon, text -> value(text,
                    "audifleet_station_sessions_total{outcome=\"played\",station=\"metrics-d\"}") == 1);
            assertThat(value(ended, "audifleet_station_command_to_sound_seconds_count{command=\"control\","
                    + "station=\"metrics-d\"}")).isEqualTo(1);
            assertThat(value(ended, "audifleet_station_first_audio_seconds_count{station=\"metrics-d\"}")).isEqualTo(1);
            // 10 min of data at 441x: 60,000 samples, one frame each.
            assertThat(value(ended, "audifleet_station_frames_rendered_total{station=\"metrics-d\"}")).isEqualTo(60_000);
            assertThat(value(ended, "audifleet_station_now_playing{session=\"\",station=\"metrics-d\",stream=\"\"}"))
                    .isZero();
            System.out.println("daemon: control-to-sound " + value(ended,
                    "audifleet_station_command_to_sound_seconds_sum{command=\"control\",station=\"metrics-d\"}") + " s");
        }
    }

    static void assertEveryFamilyHasHelp(String text) {
        for (String family : FAMILIES) {
            assertThat(text).as(family).containsPattern("(?m)^# HELP " + family + " \\S")
                    .containsPattern("(?m)^# TYPE " + family + " ");
        }
    }

    String scrape(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        return r.body();
    }

    interface Check {
        boolean holds(String scrape);
    }

    /** Scrapes every 50 ms until {@code check} holds (or 60 s pass, or the station exits). */
    String awaitScrape(String url, Station station, Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String text = scrape(url);
        while (!check.holds(text)) {
            assertThat(System.nanoTime()).as("still not there; last scrape:\n" + text).isLessThan(deadline);
            assertThat(station.process.isAlive()).as(station.err()).isTrue();
            Thread.sleep(50);
            text = scrape(url);
        }
        return text;
    }

    /** One sample's value by its exact name and labels, or -1 when the scrape has no such line. */
    static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /** A {@code player-agent} process of its own, on this JVM's classpath, its output in files. */
    record Station(Process process, Path outFile, Path errFile) implements AutoCloseable {

        static Station start(Path work, String... args) throws IOException {
            Files.createDirectories(work);
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), "org.audifleet.player.PlayerAgent"));
            command.addAll(List.of(args));
            Path out = work.resolve("stdout");
            Path err = work.resolve("stderr");
            Process p = new ProcessBuilder(command).directory(work.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            return new Station(p, out, err);
        }

        String awaitErr(Pattern pattern) throws Exception {
            return await(errFile, pattern);
        }

        String awaitOut(Pattern pattern) throws Exception {
            return await(outFile, pattern);
        }

        private String await(Path file, Pattern pattern) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                Matcher m = pattern.matcher(Files.readString(file, StandardCharsets.UTF_8));
                if (m.find()) {
                    return m.groupCount() > 0 ? m.group(1) : m.group();
                }
                assertThat(process.isAlive()).as("exited before " + pattern + ":\n" + err()).isTrue();
                assertThat(System.nanoTime()).as(pattern + " not seen within 60 s:\n" + err()).isLessThan(deadline);
                Thread.sleep(50);
            }
        }

        int awaitExit() throws InterruptedException {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited within 60 s").isTrue();
            return process.exitValue();
        }

        String err() {
            try {
                return Files.readString(errFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy(); // SIGTERM: the daemon stops its session and exits 143
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
