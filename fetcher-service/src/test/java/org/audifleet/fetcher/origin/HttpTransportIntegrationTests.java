package org.audifleet.fetcher.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP transport against a real origin on loopback, with faults the origin injects. */
class HttpTransportIntegrationTests {

    @TempDir
    Path store;

    @BeforeEach
    void writeObjects() throws Exception {
        Files.createDirectories(store.resolve("a"));
        Files.write(store.resolve("a/chunk.bin"), new byte[] {1, 2, 3, 4});
    }

    private static OriginProperties limits(URI url, Duration timeout, int retries) {
        return new OriginProperties(OriginProperties.OriginKind.CHUNK_STORE, url, "auto", 2, Duration.ofSeconds(2),
                timeout, retries, Duration.ofMillis(10));
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
}
