package org.audifleet.fetcher.origin.fdsn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.audifleet.fetcher.origin.Origin;
import org.audifleet.fetcher.origin.OriginProperties;
import org.audifleet.fetcher.origin.OriginsProperties;
import org.audifleet.fetcher.origin.Origins;
import org.audifleet.fetcher.origin.PlannedFetch;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The FDSN origin against a dataselect service on loopback whose answers each test scripts. */
class FdsnOriginIntegrationTests {

    /** What the service answers to a query: status, body, extra headers. */
    record Answer(int status, byte[] body, Map<String, String> headers) {
        static Answer ok(byte[] body) {
            return new Answer(200, body, Map.of());
        }
    }

    final List<String> queries = new CopyOnWriteArrayList<>();
    final Map<String, Integer> attempts = new ConcurrentHashMap<>();
    HttpServer server;

    Origin origin(Function<FdsnQuery, Answer> service, String policy) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", (HttpExchange ex) -> {
            String path = ex.getRequestURI().toString().substring(1);
            queries.add(path);
            attempts.merge(path, 1, Integer::sum);
            Answer a = service.apply(FdsnQuery.parse(path));
            a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
            if (a.body().length > 0) {
                ex.getResponseBody().write(a.body());
            }
            ex.close();
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        OriginProperties p = new OriginProperties(OriginProperties.OriginKind.FDSN, url, policy, 2,
                Duration.ofSeconds(2), Duration.ofSeconds(5), 2, Duration.ofMillis(10), DataSize.ofMegabytes(32),
                List.of());
        return new Origins(new OriginsProperties(Map.of("fdsn-test", p))).get("fdsn-test");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static byte[] shared(String file) throws IOException {
        String dir = System.getProperty("audifleet.shared.dir");
        assumeTrue(dir != null, "skipped: system property audifleet.shared.dir is not set (run through Maven)");
        Path path = Path.of(dir, "data", "mseed", file);
        assumeTrue(Files.isRegularFile(path), "skipped: " + path + " is absent");
        return Files.readAllBytes(path);
    }

    static PlaybackRequest request(String stream, Instant start, Duration length) {
        return new PlaybackRequest(UUID.randomUUID(), "fdsn-test", StreamId.parse(stream), Micros.of(start),
                Micros.of(start.plus(length)), Micros.now());
    }

    @Test
    void takesTheRateFromTheFirstChunkAndDoesNotAskForItTwice() throws Exception {
        byte[] bhz = shared("reference-testdata-steim2.mseed2"); // XX.TEST..BHZ at 40 Hz
        Origin origin = origin(q -> Answer.ok(bhz), "auto");
        Origin.SessionPlan plan = origin.plan(request("XX.TEST..BHZ", Instant.parse("2012-05-12T00:00:00Z"),
                Duration.ofMinutes(30)));
        assertThat(plan.chunks()).extracting(PlannedFetch::sampleRate).containsOnly(40.0);
        assertThat(plan.chunks()).extracting(PlannedFetch::sampleCount).containsExactly(24_000, 48_000);
        assertThat(plan.chunks()).allMatch(c -> c.encoding() == ChunkRecord.Encoding.MINISEED && c.skipSamples() == 0);
        assertThat(plan.peakCounts()).isZero();
        assertThat(plan.chunks().get(0).source()).startsWith("http://127.0.0.1:")
                .contains("/fdsnws/dataselect/1/query?net=XX&sta=TEST&loc=--&cha=BHZ&start=2012-05-12T00:00:00.000000");
        assertThat(queries).hasSize(1);
        assertThat(origin.fetch(plan.chunks().get(0))).hasValue(bhz);
        assertThat(origin.fetch(plan.chunks().get(1))).hasValue(bhz);
        assertThat(queries).hasSize(2);
    }

    @Test
    void noDataIsEmptyAndTheBandCodeGivesTheRate() throws Exception {
        Origin origin = origin(q -> new Answer(q.startMicros() % 2 == 0 ? 204 : 404, new byte[0], Map.of()), "10m");
        Origin.SessionPlan plan = origin.plan(request("XX.NONE..HHZ", Instant.parse("2024-01-01T00:00:00Z"),
                Duration.ofMinutes(60)));
        assertThat(plan.chunks()).hasSize(6).extracting(PlannedFetch::sampleRate).containsOnly(100.0);
        assertThat(queries).hasSize(FdsnOrigin.RATE_PROBES);
        for (PlannedFetch c : plan.chunks()) {
            assertThat(origin.fetch(c)).isEmpty();
        }
        assertThat(queries).hasSize(6);
    }

    @Test
    void tooLargeIsAskedForInHalvesAndBusyWaitsForRetryAfter() throws Exception {
        byte[] bhz = shared("reference-testdata-steim2.mseed2");
        Map<String, Integer> busy = new ConcurrentHashMap<>();
        Origin origin = origin(q -> {
            if (q.lengthMicros() > 20 * 60_000_000L) {
                return new Answer(413, new byte[0], Map.of());
            }
            if (busy.merge(q.path(), 1, Integer::sum) == 1) {
                return new Answer(429, new byte[0], Map.of("Retry-After", "1"));
            }
            return Answer.ok(bhz);
        }, "1h");
        long t0 = System.nanoTime();
        Origin.SessionPlan plan = origin.plan(request("XX.TEST..BHZ", Instant.parse("2012-05-12T00:00:00Z"),
                Duration.ofHours(1)));
        // 1 h -> 413; halves of 30 min -> 413; quarters of 15 min: 429 once each, then data.
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(plan.chunks()).singleElement().satisfies(c -> assertThat(c.sampleRate()).isEqualTo(40.0));
        Optional<byte[]> joined = origin.fetch(plan.chunks().get(0));
        assertThat(joined).hasValueSatisfying(b -> assertThat(b).hasSize(4 * bhz.length));
        assertThat(queries).hasSize(1 + 2 + 4 * 2);
    }
}
