package org.audifleet.chunkstore.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkStoreServerIntegrationTests {

    private static final String CHUNK = "2024/01/01/XX/DEMO/--/HHZ/XX.DEMO..HHZ.20240101T000000Z.10m.i32.zst";
    private static final String MANIFEST = "2024/01/01/XX/DEMO/--/HHZ/manifest.json";

    @TempDir
    Path store;
    @TempDir
    Path outside;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private byte[] chunkBytes;

    @BeforeEach
    void fillStore() throws IOException {
        chunkBytes = new byte[100_000];
        for (int i = 0; i < chunkBytes.length; i++) {
            chunkBytes[i] = (byte) (i * 31);
        }
        Files.createDirectories(store.resolve(CHUNK).getParent());
        Files.write(store.resolve(CHUNK), chunkBytes);
        Files.writeString(store.resolve(MANIFEST), "{}");
        Files.writeString(outside.resolve("secret.txt"), "secret");
    }

    @Test
    void servesFilesWithGetAndHeadOnLoopback() throws Exception {
        try (ChunkStoreServer server = new ChunkStoreServer(store, 0)) {
            assertThat(server.port()).isPositive();
            assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
            HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(server.uri().resolve(CHUNK)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEqualTo(chunkBytes);
            assertThat(get.headers().firstValueAsLong("Content-Length")).hasValue(chunkBytes.length);
            assertThat(get.headers().firstValue("Content-Type")).hasValue("application/zstd");

            HttpResponse<String> manifest = http.send(HttpRequest.newBuilder(server.uri().resolve(MANIFEST)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(manifest.body()).isEqualTo("{}");
            assertThat(manifest.headers().firstValue("Content-Type")).hasValue("application/json");

            HttpResponse<Void> head = http.send(HttpRequest.newBuilder(server.uri().resolve(CHUNK))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(chunkBytes.length);

            HttpResponse<Void> post = http.send(HttpRequest.newBuilder(server.uri().resolve(CHUNK))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(server.requestCount(CHUNK)).isEqualTo(2);
        }
    }

    private HttpResponse<byte[]> ranged(ChunkStoreServer server, String range) throws Exception {
        return http.send(HttpRequest.newBuilder(server.uri().resolve(CHUNK)).header("Range", range).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void oneByteRangeIsAPartialAnswerAndOtherFormsGetTheWholeFile() throws Exception {
        try (ChunkStoreServer server = new ChunkStoreServer(store, 0)) {
            HttpResponse<byte[]> part = ranged(server, "bytes=1000-1999");
            assertThat(part.statusCode()).isEqualTo(206);
            assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/100000");
            assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(chunkBytes, 1000, 2000));

            HttpResponse<byte[]> tail = ranged(server, "bytes=99990-");
            assertThat(tail.headers().firstValue("Content-Range")).hasValue("bytes 99990-99999/100000");
            assertThat(tail.body()).hasSize(10);
            assertThat(ranged(server, "bytes=99990-200000").body()).hasSize(10);

            HttpResponse<byte[]> past = ranged(server, "bytes=100000-100010");
            assertThat(past.statusCode()).isEqualTo(416);
            assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes */100000");
            assertThat(server.partialCount(CHUNK)).isEqualTo(3);

            for (String other : List.of("bytes=0-1,5-6", "bytes=-500", "items=0-1", "bytes=9-2")) {
                HttpResponse<byte[]> whole = ranged(server, other);
                assertThat(whole.statusCode()).as(other).isEqualTo(200);
                assertThat(whole.body()).as(other).isEqualTo(chunkBytes);
            }
        }
        try (ChunkStoreServer server = new ChunkStoreServer(store, 0,
                List.of(ChunkStoreServer.Fault.ignoreRanges("zst$")))) {
            HttpResponse<byte[]> whole = ranged(server, "bytes=1000-1999");
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.body()).isEqualTo(chunkBytes);
        }
    }

    @Test
    void missingFilesAndFoldersAre404() throws Exception {
        try (ChunkStoreServer server = new ChunkStoreServer(store, 0)) {
            assertThat(status(server.uri().resolve("2024/01/02/XX/DEMO/--/HHZ/manifest.json"))).isEqualTo(404);
            assertThat(status(server.uri().resolve("2024/01/01/"))).isEqualTo(400);
            assertThat(status(server.uri().resolve("2024/01/01"))).isEqualTo(404);
            assertThat(status(server.uri())).isEqualTo(404);
        }
    }

    @Test
    void pathsLeavingTheStoreAreRefused() throws Exception {
        Path link = Files.createSymbolicLink(store.resolve("link.txt"), outside.resolve("secret.txt"));
        try (ChunkStoreServer server = new ChunkStoreServer(store, 0)) {
            String relativeToOutside = "../" + outside.getFileName() + "/secret.txt";
            assertThat(rawStatus(server.port(), "/" + relativeToOutside)).isEqualTo(400);
            assertThat(rawStatus(server.port(), "/2024/../../" + outside.getFileName() + "/secret.txt")).isEqualTo(400);
            assertThat(rawStatus(server.port(), "/%2e%2e/" + outside.getFileName() + "/secret.txt")).isEqualTo(400);
            assertThat(rawStatus(server.port(), "/2024/01/01/XX/DEMO/--/HHZ/..%2f..%2f..%2fsecret")).isEqualTo(400);
            assertThat(rawStatus(server.port(), "/link.txt")).isEqualTo(404);
        } finally {
            Files.delete(link);
        }
    }

    @Test
    void failsTheFirstRequestsOfEachMatchingPathThenServes() throws Exception {
        try (ChunkStoreServer server = new ChunkStoreServer(store, 0,
                List.of(ChunkStoreServer.Fault.fail("\\.10m\\.i32\\.zst$", 2, 503)))) {
            URI chunk = server.uri().resolve(CHUNK);
            assertThat(status(chunk)).isEqualTo(503);
            assertThat(status(server.uri().resolve(MANIFEST))).isEqualTo(200);
            assertThat(status(chunk)).isEqualTo(503);
            assertThat(status(chunk)).isEqualTo(200);
            assertThat(server.requestCount(CHUNK)).isEqualTo(3);
        }
    }

    @Test
    void delaysAndCutsResponsesWhenAsked() throws Exception {
        try (ChunkStoreServer server = new ChunkStoreServer(store, 0,
                List.of(ChunkStoreServer.Fault.delay("manifest", Duration.ofMillis(300)),
                        ChunkStoreServer.Fault.truncate("\\.zst$", 1)))) {
            long began = System.nanoTime();
            assertThat(status(server.uri().resolve(MANIFEST))).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

            HttpRequest chunk = HttpRequest.newBuilder(server.uri().resolve(CHUNK)).build();
            assertThatThrownBy(() -> http.send(chunk, HttpResponse.BodyHandlers.ofByteArray()))
                    .isInstanceOf(IOException.class);
            assertThat(http.send(chunk, HttpResponse.BodyHandlers.ofByteArray()).body()).isEqualTo(chunkBytes);
        }
    }

    private int status(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Sends the path exactly as given (HTTP clients may normalise dot segments away). */
    private static int rawStatus(int port, String rawPath) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }
}
