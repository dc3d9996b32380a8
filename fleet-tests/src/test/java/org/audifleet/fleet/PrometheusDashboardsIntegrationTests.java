package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
import org.audifleet.fleet.PrometheusServer.Sample;
import org.audifleet.fleet.StationMetricsIntegrationTests.Station;
import org.audifleet.wire.StreamId;
import org.audifleet.wire.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Every panel query of every dashboard (infra/grafana/dashboards), with its variables substituted as Grafana would,
 * evaluated by a real Prometheus scraping the real fleet (fetcher, decoder, waveform) and a real station daemon found
 * through file_sd: each returns data, not nothing and not only NaN, on the fresh fleet, while a session plays (with a
 * gap from a failing origin and a dead letter from an unreadable request), and idle afterwards.
 */
@EmbeddedKafka(partitions = Topics.PARTITIONS)
class PrometheusDashboardsIntegrationTests {

    static final StreamId STREAM = DemoStoreWriter.DEFAULT_STREAM;
    static final Instant START = DemoStoreWriter.DEFAULT_START;
    static final String STATION = "obs-station";
    /**
     * Short, so the test's phases are seconds apart; the dashboards' $__rate_interval is 4 of these. Not 1 s: the
     * scrape timeout is at most the interval, and on a loaded machine a service's scrape took longer than 1 s.
     */
    static final Duration SCRAPE = Duration.ofSeconds(2);
    static final Pattern METRICS_AT = Pattern.compile("player-agent: metrics at http://(\\S+)/metrics");

    @TempDir
    Path dir;

    @Test
    void everyPanelQueryReturnsDataOnAFreshFleetDuringSessionsAndIdle() throws Exception {
        List<Dashboards.Query> queries = Dashboards.queries();
        assertThat(queries).hasSizeGreaterThan(20);
        PrometheusServer.binary("prometheus");
        Path store = Files.createDirectories(dir.resolve("store"));
        new DemoStoreWriter().length(Duration.ofHours(4)).write(store);
        EmbeddedKafkaBroker broker = EmbeddedKafkaCondition.getBroker();
        // The 00:10 chunk fails every time and the origin does not retry: the session's chunk 1 is a gap.
        try (ChunkStoreServer server = new ChunkStoreServer(store, 0,
                    List.of(ChunkStoreServer.Fault.fail("T001000Z\\.10m", Integer.MAX_VALUE, 503)));
                Fleet fleet = new Fleet(broker.getBrokersAsString(), "--audifleet.origins.demo.kind=chunk-store",
                        "--audifleet.origins.demo.url=" + server.uri(), "--audifleet.origins.demo.chunk-policy=10m",
                        "--audifleet.origins.demo.retries=0").startAll();
                Station daemon = Station.start(dir.resolve("daemon"), "daemon", "--station", STATION, "--bootstrap",
                        broker.getBrokersAsString(), "--output", "null:realtime", "--status-timeout", "60s",
                        "--first-audio-timeout", "60s", "--metrics-port", "0")) {
            String stationTarget = daemon.awaitErr(METRICS_AT);
            // The station's file_sd entry, as whoever starts a station writes it (docs/observe.md).
            Path stations = Files.createDirectories(dir.resolve("prometheus").resolve("stations"));
            Files.writeString(stations.resolve(STATION + ".json"), "[{\"targets\": [\"" + stationTarget + "\"]}]\n");
            try (PrometheusServer prometheus = PrometheusServer.start(dir.resolve("prometheus"), config(fleet))) {
                long started = System.nanoTime();
                awaitQuery(prometheus, "count(up == 1) == 4", "all four targets up");
                awaitFreshScrapes(prometheus);
                assertEveryQueryHasData(prometheus, queries, "fresh fleet");
                assertEveryFamilyIsDescribedAndDocumented(prometheus);

                StationRun control = StationRun.of("control", "--bootstrap", broker.getBrokersAsString(), "--station",
                        STATION, "play", "demo", STREAM.toString(), START.toString(), "4h");
                assertThat(control.exitCode()).as(control.err()).isZero();
                deadLetterARequest(broker.getBrokersAsString());
                awaitQuery(prometheus, "audifleet_station_now_playing{station=\"" + STATION + "\"} == 1",
                        "the station playing");
                awaitQuery(prometheus, "audifleet_fetch_gaps_total{origin=\"demo\", reason=\"origin-failed\"} == 1",
                        "the failing chunk counted as a gap");
                awaitQuery(prometheus, "audifleet_dead_letters_total{service=\"fetcher-service\","
                        + " topic=\"playback.requests\", reason=\"undeserializable\"} == 1", "the dead letter counted");
                awaitFreshScrapes(prometheus);
                assertEveryQueryHasData(prometheus, queries, "during a session");
                assertThat(prometheus.query("audifleet_station_now_playing{station=\"" + STATION + "\"} == 1"))
                        .as("still playing after the queries").isNotEmpty();

                awaitQuery(prometheus, "audifleet_station_sessions_total{station=\"" + STATION
                        + "\", outcome=\"played\"} == 1", "the session played to its end");
                Thread.sleep(5 * SCRAPE.toMillis()); // every rate window now idle
                awaitFreshScrapes(prometheus);
                assertEveryQueryHasData(prometheus, queries, "idle after the session");
                // What the panels are built on, measured by this session.
                assertThat(prometheus.query("audifleet_request_to_first_block_seconds_count == 1")).hasSize(1);
                assertThat(prometheus.query("count(audifleet_hop_seconds_count >= 1)")).extracting(Sample::value)
                        .containsExactly(5.0);
                assertThat(prometheus.query("audifleet_decode_samples_total{encoding=\"zstd-int32-le\"} > 0"))
                        .hasSize(1);
                assertThat(prometheus.query("count by (service) (audifleet_consumer_lag_records)"))
                        .hasSize(3);
                for (String figure : List.of("audifleet_request_to_first_block_seconds_sum",
                        "audifleet_station_first_audio_seconds_sum", "audifleet_fetch_gaps_total > 0",
                        "audifleet_dead_letters_total > 0", "audifleet_consumer_lag_records")) {
                    System.out.println("idle: " + figure + " = " + prometheus.query(figure));
                }
                System.out.println("dashboards: " + queries.size() + " panel queries checked in 3 phases in "
                        + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s");
            }
        }
    }

    /**
     * Every audifleet_* family Prometheus scraped has a HELP text and a row in docs/metrics.md; JVM, Spring and Kafka
     * client families are the libraries' own. Prometheus reads the services' OpenMetrics, whose counter families are
     * named without {@code _total} (the samples keep it), and a histogram's {@code _max} gauge is a family of its own.
     */
    static void assertEveryFamilyIsDescribedAndDocumented(PrometheusServer prometheus) throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "metrics.md"));
        Map<String, String> help = prometheus.help();
        List<String> ours = help.keySet().stream().filter(f -> f.startsWith("audifleet_")).toList();
        System.out.println("families: " + ours);
        assertThat(ours).hasSizeGreaterThanOrEqualTo(22);
        assertThat(ours).allSatisfy(f -> assertThat(help.get(f)).as("HELP of " + f).isNotBlank());
        assertThat(ours).allSatisfy(f -> assertThat(doc).as("docs/metrics.md row of " + f)
                .containsPattern("\\| `" + Pattern.quote(f.replaceAll("_max$", "")) + "(_total)?`"));
    }

    /** Prometheus' configuration for this run: infra/prometheus/prometheus.yml's jobs, on this run's ports. */
    static String config(Fleet fleet) {
        StringBuilder services = new StringBuilder();
        for (Fleet.Service s : Fleet.Service.values()) {
            services.append("      - targets: ['127.0.0.1:").append(fleet.port(s)).append("']\n")
                    .append("        labels: {service: ").append(s.name().toLowerCase()).append("-service}\n");
        }
        return """
                global:
                  scrape_interval: %1$ds
                  evaluation_interval: %1$ds
                scrape_configs:
                  - job_name: audifleet
                    metrics_path: /actuator/prometheus
                    static_configs:
                %2$s  - job_name: stations
                    metrics_path: /metrics
                    file_sd_configs:
                      - files: ['stations/*.json']
                        refresh_interval: 1s
                """.formatted(SCRAPE.toSeconds(), services);
    }

    /** An empty value on playback.requests keyed by a session id: the fetcher dead-letters it, undeserializable. */
    static void deadLetterARequest(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.PLAYBACK_REQUESTS, UUID.randomUUID().toString(), new byte[0]))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Every target scraped successfully at least twice within the last $__rate_interval, which rate() needs. On a
     * loaded machine scrapes time out now and then; a panel then shows a gap in Grafana too, which is the scrape's
     * trouble, not the query's.
     */
    static void awaitFreshScrapes(PrometheusServer prometheus) throws Exception {
        awaitQuery(prometheus, "count(sum_over_time(up[" + 4 * SCRAPE.toSeconds() + "s]) >= 2) == 4",
                "two successful scrapes of each target within the rate interval");
    }

    static void awaitQuery(PrometheusServer prometheus, String promql, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (prometheus.query(promql).isEmpty()) {
            assertThat(System.nanoTime()).as("not seen within 60 s: " + what + " (" + promql + ")\n" + prometheus.log())
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /**
     * Each query as Grafana sends it: {@code $station} as a repeated row's station and as All ({@code .*}),
     * {@code $origin} as All. Data means at least one sample, and not every sample NaN.
     */
    static void assertEveryQueryHasData(PrometheusServer prometheus, List<Dashboards.Query> queries, String phase)
            throws Exception {
        List<String> failures = new ArrayList<>();
        int evaluated = 0;
        for (Dashboards.Query query : queries) {
            List<String> stations = query.expr().contains("$station") ? List.of(STATION, ".*") : List.of(".*");
            for (String station : stations) {
                String promql = Dashboards.substitute(query.expr(), SCRAPE, Map.of("station", station, "origin", ".*"));
                List<Sample> samples = prometheus.query(promql);
                evaluated++;
                if (samples.isEmpty() || samples.stream().allMatch(s -> Double.isNaN(s.value()))) {
                    failures.add(query + " ($station=" + station + "): " + (samples.isEmpty() ? "empty" : samples)
                            + "\n    " + promql);
                }
            }
        }
        System.out.println(phase + ": " + evaluated + " evaluations, " + failures.size() + " without data");
        assertThat(failures).as(phase).isEmpty();
    }
}
