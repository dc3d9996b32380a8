package org.audifleet.fetcher.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

/** The HTTP transport against a real origin on loopback, with faults the origin injects. */
class HttpTransportIntegrationTests {

    @TempDir
    Path store;

    @BeforeEach
    void writeObjects() throws Exception {
        Files.createDirectories(store.resolve("a"));
        Files.write(store.resolve("a/chunk.bin"), new byte[] {1, 2, 3, 4});
    }

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final List<Loopback> servers = new java.util.ArrayList<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(HttpTransport.class)).addAppender(logged);
    }

    @AfterEach
    void stopServers() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(HttpTransport.class)).detachAppender(logged);
        servers.forEach(Loopback::stop);
    }

    private static OriginProperties limits(URI url, Duration timeout, int retries) {
        return limits(url, timeout, retries, DataSize.ofMegabytes(32), List.of());
    }

    private static OriginProperties limits(URI url, Duration timeout, int retries, DataSize maxBody,
            List<URI> redirectAllowList) {
        return new OriginProperties(OriginProperties.OriginKind.CHUNK_STORE, url, "auto", 2, Duration.ofSeconds(2),
                timeout, retries, Duration.ofMillis(10), maxBody, redirectAllowList);
    }

    /** A plain HTTP server on a loopback port of its own, answering each path with its handler. */
    private Loopback loopback() throws IOException {
        Loopback server = new Loopback();
        servers.add(server);
        return server;
    }

    private static final class Loopback {
        interface Answer {
            void answer(HttpExchange exchange) throws IOException;
        }

        private final HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
        private final Map<String, Answer> answers = new ConcurrentHashMap<>();

        Loopback() throws IOException {
            server.setExecutor(threads);
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                try (exchange) {
                    Answer answer = answers.get(path);
                    if (answer == null) {
                        exchange.sendResponseHeaders(404, -1);
                    } else {
                        answer.answer(exchange);
                    }
                } catch (IOException clientWentAway) {
                    // The transport abandoned the body: what these tests want.
                }
            });
            server.start();
        }

        Loopback on(String path, Answer answer) {
            answers.put(path, answer);
            return this;
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        }

        int requests() {
            return requests.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        void stop() {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    private static Loopback.Answer redirect(String location) {
        return exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
        };
    }

    private static Loopback.Answer bytes(byte[] body) {
        return exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        };
    }

    /** Zeros, streamed (no Content-Length) up to {@code total} bytes; counts what it managed to write. */
    private static Loopback.Answer zeros(long total, AtomicLong written) {
        return exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            byte[] block = new byte[64 * 1024];
            for (long sent = 0; sent < total; sent += block.length) {
                out.write(block);
                written.addAndGet(block.length);
            }
        };
    }

    private List<String> warnings() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void aRedirectToAnotherPortIsRefusedLoggedAndNotRetriedAndTheOtherHostGetsNoRequest() throws Exception {
        Loopback other = loopback();
        String elsewhere = other.uri().resolve("a/chunk.bin").toString();
        Loopback origin = loopback().on("/a/chunk.bin", redirect(elsewhere));
        HttpTransport http = new HttpTransport("test", limits(origin.uri(), Duration.ofSeconds(5), 3));

        assertThatThrownBy(() -> http.get("a/chunk.bin")).isInstanceOfSatisfying(OriginLimitException.class,
                e -> assertThat(e.limit()).isEqualTo(OriginLimitException.Limit.REDIRECT))
                .hasMessageContaining(origin.uri().resolve("a/chunk.bin").toString()).hasMessageContaining(elsewhere);
        assertThat(other.requests()).isZero();
        assertThat(origin.requests()).isEqualTo(1);
        assertThat(warnings()).singleElement().asString().contains(elsewhere).contains("refused");
    }

    @Test
    void aRedirectWithinTheOriginIsFollowed() throws Exception {
        Loopback origin = loopback().on("/a/old.bin", redirect("/a/chunk.bin")).on("/a/chunk.bin",
                bytes(new byte[] {1, 2, 3, 4}));
        HttpTransport http = new HttpTransport("test", limits(origin.uri(), Duration.ofSeconds(5), 3));
        assertThat(http.get("a/old.bin")).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3, 4));
        assertThat(warnings()).isEmpty();
    }

    @Test
    void aRedirectToAnOriginOnTheAllowListIsFollowedAndARedirectLoopIsRefused() throws Exception {
        Loopback mirror = loopback().on("/a/chunk.bin", bytes(new byte[] {5, 6}));
        Loopback origin = loopback().on("/a/chunk.bin", redirect(mirror.uri().resolve("a/chunk.bin").toString()))
                .on("/a/loop.bin", redirect("/a/loop.bin"));
        HttpTransport http = new HttpTransport("test", limits(origin.uri(), Duration.ofSeconds(5), 3,
                DataSize.ofMegabytes(32), List.of(URI.create(mirror.uri().toString().replaceAll("/$", "")))));
        assertThat(http.get("a/chunk.bin")).hasValueSatisfying(b -> assertThat(b).containsExactly(5, 6));
        assertThatThrownBy(() -> http.get("a/loop.bin")).isInstanceOf(OriginLimitException.class)
                .hasMessageContaining("more than " + HttpTransport.MAX_REDIRECTS + " redirects");
    }

    @Test
    void aBodyOverTheCapIsAbandonedThereQuicklyAndNotRetried() throws Exception {
        long gib = 1L << 30;
        AtomicLong written = new AtomicLong();
        Loopback origin = loopback().on("/a/zeros.bin", zeros(gib, written));
        HttpTransport http = new HttpTransport("test", limits(origin.uri(), Duration.ofSeconds(30), 3));
        long cap = 1 << 20;

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> http.get("a/zeros.bin", cap))
                .isInstanceOfSatisfying(OriginLimitException.class,
                        e -> assertThat(e.limit()).isEqualTo(OriginLimitException.Limit.BODY_SIZE))
                .hasMessageContaining("a/zeros.bin").hasMessageContaining("cap of " + cap + " bytes"));
        assertThat(origin.requests()).isEqualTo(1);
        assertThat(warnings()).singleElement().asString().contains("a/zeros.bin");
        // Abandoned near the cap: the origin could write only what socket buffers hold beyond it, not 1 GiB.
        Thread.sleep(200);
        assertThat(written.get()).isLessThan(64L << 20);
    }

    @Test
    void theOriginsMaxBodySizeCapsEveryAnswerAndADeclaredLengthOverItIsRefusedUnread() throws Exception {
        AtomicLong written = new AtomicLong();
        Loopback origin = loopback().on("/a/zeros.bin", zeros(1L << 30, written)).on("/a/declared.bin", exchange -> {
            exchange.sendResponseHeaders(200, 1L << 30);
            exchange.getResponseBody().write(new byte[1 << 20]);
        }).on("/a/small.bin", bytes(new byte[1000]));
        HttpTransport http = new HttpTransport("test", limits(origin.uri(), Duration.ofSeconds(30), 3,
                DataSize.ofKilobytes(64), List.of()));

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertThatThrownBy(() -> http.get("a/zeros.bin")).isInstanceOf(OriginLimitException.class)
                    .hasMessageContaining("cap of 65536 bytes");
            assertThatThrownBy(() -> http.get("a/declared.bin", Long.MAX_VALUE))
                    .isInstanceOf(OriginLimitException.class).hasMessageContaining("declares Content-Length 1073741824");
        });
        assertThat(http.get("a/small.bin")).hasValueSatisfying(b -> assertThat(b).hasSize(1000));
    }

    @Test
    void aBodyDrippingOneBytePerSecondFailsAtTheDeadlineAndIsRetriedLikeATimeout() throws Exception {
        Loopback origin = loopback().on("/a/drip.bin", exchange -> {
            exchange.sendResponseHeaders(200, 10_000);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < 10_000; i++) {
                out.write(0);
                out.flush();
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        HttpTransport http = new HttpTransport("test", limits(origin.uri(), Duration.ofSeconds(1), 1));

        long start = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> assertThatThrownBy(() -> http.get("a/drip.bin"))
                .isInstanceOf(OriginException.class).isNotInstanceOf(OriginLimitException.class)
                .hasMessageContaining("timed out").hasMessageContaining("2 attempts"));
        // Two attempts of one deadline each, and the backoff between them.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(origin.requests()).isEqualTo(2);
    }

    @Test
    void retriesServerErrorsThenDelivers() throws Exception {
        try (ChunkStoreServer origin = new ChunkStoreServer(store, 0, List.of(ChunkStoreServer.Fault.fail("chunk", 2, 503)))) {
            HttpTransport http = new HttpTransport("test", limits(origin.uri(), Duration.ofSeconds(5), 3));
            assertThat(http.get("a/chunk.bin")).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3, 4));
            assertThat(origin.requestCount("a/chunk.bin")).isEqualTo(3);
        }
    }

    @Test
    void givesUpAfterItsRetriesWithTheUrlAndStatusInTheError() throws Exception {
        try (ChunkStoreServer origin = new ChunkStoreServer(store, 0, List.of(ChunkStoreServer.Fault.fail("chunk", 9, 503)))) {
            HttpTransport http = new HttpTransport("test", limits(origin.uri(), Duration.ofSeconds(5), 2));
            assertThatThrownBy(() -> http.get("a/chunk.bin")).isInstanceOf(OriginException.class)
                    .hasMessageContaining("a/chunk.bin").hasMessageContaining("HTTP 503").hasMessageContaining("3 attempts");
        }
    }

    @Test
    void notFoundIsNoDataAndClientErrorsAreNotRetried() throws Exception {
        try (ChunkStoreServer origin = new ChunkStoreServer(store, 0, List.of(ChunkStoreServer.Fault.fail("bad", 9, 400)))) {
            HttpTransport http = new HttpTransport("test", limits(origin.uri(), Duration.ofSeconds(5), 3));
            assertThat(http.get("a/missing.bin")).isEmpty();
            assertThatThrownBy(() -> http.get("a/bad.bin")).hasMessageContaining("HTTP 400");
            assertThat(origin.requestCount("a/bad.bin")).isEqualTo(1);
        }
    }

    @Test
    void aSlowOriginTimesOut() throws Exception {
        try (ChunkStoreServer origin = new ChunkStoreServer(store, 0,
                List.of(ChunkStoreServer.Fault.delay("chunk", Duration.ofSeconds(3))))) {
            HttpTransport http = new HttpTransport("test", limits(origin.uri(), Duration.ofMillis(200), 1));
            assertThatThrownBy(() -> http.get("a/chunk.bin")).hasMessageContaining("timed out");
        }
    }

    @Test
    void aTruncatedBodyIsRetried() throws Exception {
        try (ChunkStoreServer origin = new ChunkStoreServer(store, 0, List.of(ChunkStoreServer.Fault.truncate("chunk", 1)))) {
            HttpTransport http = new HttpTransport("test", limits(origin.uri(), Duration.ofSeconds(5), 2));
            assertThat(http.get("a/chunk.bin")).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3, 4));
        }
    }

    @Test
    void aByteRangeIsThePartTheOriginServesAndARangeIgnoringOriginGivesTheWholeObject() throws Exception {
        try (ChunkStoreServer origin = new ChunkStoreServer(store, 0)) {
            HttpTransport http = new HttpTransport("test", limits(origin.uri(), Duration.ofSeconds(5), 1));
            assertThat(http.getRange("a/chunk.bin", 1, 3, 100)).hasValueSatisfying(b -> {
                assertThat(b.partial()).isTrue();
                assertThat(b.bytes()).containsExactly(2, 3);
            });
            assertThat(http.getRange("a/missing.bin", 1, 3, 100)).isEmpty();
        }
        try (ChunkStoreServer origin = new ChunkStoreServer(store, 0,
                List.of(ChunkStoreServer.Fault.ignoreRanges("chunk")))) {
            HttpTransport http = new HttpTransport("test", limits(origin.uri(), Duration.ofSeconds(5), 1));
            assertThat(http.getRange("a/chunk.bin", 1, 3, 100)).hasValueSatisfying(b -> {
                assertThat(b.partial()).isFalse();
                assertThat(b.bytes()).containsExactly(1, 2, 3, 4);
            });
            // Whole, the object is capped as a whole object is.
            assertThatThrownBy(() -> http.getRange("a/chunk.bin", 1, 3, 3)).isInstanceOf(OriginLimitException.class);
        }
    }

    /** A 206 of {@code body} saying it is {@code contentRange}. */
    private static Loopback.Answer part(String contentRange, byte[] body) {
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Range", contentRange);
            exchange.sendResponseHeaders(206, body.length);
            exchange.getResponseBody().write(body);
        };
    }

    /** Asked for a range of a/chunk.bin, the transport got the whole of it. */
    private static void assertWhole(HttpTransport http, long first, long end) throws OriginException {
        assertThat(http.getRange("a/chunk.bin", first, end, 100)).hasValueSatisfying(b -> {
            assertThat(b.partial()).isFalse();
            assertThat(b.bytes()).containsExactly(1, 2, 3, 4);
        });
    }

    @Test
    void aPartialAnswerOfAnotherRangeIsLoggedAndTheWholeObjectAskedFor() throws Exception {
        Loopback origin = loopback().on("/a/chunk.bin", exchange -> {
            if (exchange.getRequestHeaders().getFirst("Range") == null) {
                bytes(new byte[] {1, 2, 3, 4}).answer(exchange);
                return;
            }
            part("bytes 0-1/4", new byte[] {1, 2}).answer(exchange);
        });
        assertWhole(new HttpTransport("test", limits(origin.uri(), Duration.ofSeconds(5), 0)), 1, 3);
        assertThat(origin.requests()).isEqualTo(2);
        assertThat(warnings()).singleElement().asString().contains("bytes=1-2", "answered 206",
                "Content-Range 'bytes 0-1/4'", "asking for the whole object");
    }

    @Test
    void aRangePastTheEndOfAShorterFileGetsTheWholeFile() throws Exception {
        try (ChunkStoreServer origin = new ChunkStoreServer(store, 0)) {
            assertWhole(new HttpTransport("test", limits(origin.uri(), Duration.ofSeconds(5), 0)), 10, 20);
            assertThat(warnings()).singleElement().asString().contains("answered 416", "Content-Range 'bytes */4'");
        }
    }

    @Test
    void aRangeIsAskedForAgainAcrossARedirectWithinTheOrigin() throws Exception {
        Loopback origin = loopback();
        origin.on("/old/chunk.bin", redirect("/a/chunk.bin")).on("/a/chunk.bin", exchange -> {
            String range = exchange.getRequestHeaders().getFirst("Range");
            assertThat(range).isEqualTo("bytes=2-3");
            part("bytes 2-3/4", new byte[] {3, 4}).answer(exchange);
        });
        HttpTransport http = new HttpTransport("test", limits(origin.uri(), Duration.ofSeconds(5), 0));
        assertThat(http.getRange("old/chunk.bin", 2, 4, 100)).hasValueSatisfying(b -> {
            assertThat(b.partial()).isTrue();
            assertThat(b.bytes()).containsExactly(3, 4);
        });
    }
}
