package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
import org.audifleet.fleet.FleetProcesses.Service;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet as separate processes, as bin/demo runs it ({@link FleetProcesses}): a kafka-local broker and the three
 * service jars. While one 6 h session plays at the station (in this JVM), the fetcher, the decoder, the broker and
 * the waveform service are each SIGKILLed in turn and started again on the same data and ports. At the station every
 * sample is the origin's, nothing is lost, and what came twice (the restarted fetcher fetches the session again)
 * was dropped as a duplicate; the restarted waveform service has the whole session too.
 *
 * <p>The origin answers the first request of each 10 min chunk after {@link #CHUNK_DELAY} and the fetcher asks it for
 * one chunk at a time, so the session takes about a minute to arrive and every fault lands in its middle. Repeat
 * requests (the restarted fetcher's) are answered at once. The fetcher's first fragment is its smallest allowed
 * (132 KiB), so each 10 min chunk (about 150 KB) travels as two fragments and every fault lands among fragments.
 */
class ProcessFaultsIntegrationTests {

    static final StreamId STREAM = DemoStoreWriter.DEFAULT_STREAM;
    static final Instant START = DemoStoreWriter.DEFAULT_START;
    static final Duration LENGTH = Duration.ofHours(6);
    static final int SESSION_SAMPLES = 2_160_000;
    static final int CHUNKS = 36;
    static final int GAP_FROM = 252_000;
    static final int GAP_TO = 270_000;
    static final Duration CHUNK_DELAY = Duration.ofMillis(1500);
    /** Chunks the station must have received after one fault is over before the next is thrown. */
    static final int CHUNKS_BETWEEN_FAULTS = 2;

    @TempDir
    static Path dir;
    static int[] origin;
    static ChunkStoreServer server;
    static FleetProcesses fleet;

    @BeforeAll
    static void startFleet() throws Exception {
        origin = DemoStore.write(dir.resolve("store"), LENGTH, SESSION_SAMPLES).origin();
        server = FleetProcesses.pacedOrigin(dir.resolve("store"), CHUNK_DELAY);
        fleet = new FleetProcesses(dir, FleetProcesses.pacedOriginArgs(server.uri(),
                "--audifleet.fetch.first-fragment-bytes=135168"));
        fleet.startBroker();
        fleet.start(Service.core());
    }

    @AfterAll
    static void stopFleet() {
        Fleet.closeAll(fleet, server);
    }

    @Test
    void everyProcessKilledMidSessionLosesNothingAndOnlyDuplicatesAreDropped() throws Exception {
        AtomicInteger highestChunk = new AtomicInteger(-1);
        CompletableFuture<PlayedSession> session = CompletableFuture.supplyAsync(() -> {
            try {
                return PlayedSession.playAs(fleet.bootstrap(), "paced", STREAM, START, LENGTH, b -> b
                        .statusTimeout(Duration.ofSeconds(60))
                        .timeouts(Duration.ofSeconds(120), Duration.ofSeconds(120))
                        .progress(block -> highestChunk.accumulateAndGet(block.chunkIndex(), Math::max)));
            } catch (Exception e) {
                throw new IllegalStateException("the session failed", e);
            }
        });
        List<String> faults = new ArrayList<>();
        int next = CHUNKS_BETWEEN_FAULTS;
        for (String fault : List.of("fetcher", "decoder", "broker", "waveform")) {
            int at = awaitChunk(highestChunk, next, session);
            long killed = System.nanoTime();
            switch (fault) {
                case "fetcher" -> restart(Service.FETCHER);
                case "decoder" -> restart(Service.DECODER);
                case "waveform" -> restart(Service.WAVEFORM);
                default -> {
                    fleet.killBroker();
                    fleet.startBroker();
                }
            }
            faults.add(fault + " killed at chunk " + at + ", back after "
                    + Duration.ofNanos(System.nanoTime() - killed).toMillis() + " ms");
            next = highestChunk.get() + CHUNKS_BETWEEN_FAULTS;
        }
        PlayedSession played = session.get(4, TimeUnit.MINUTES);
        System.out.println("process faults: " + String.join("; ", faults) + "; duplicate blocks dropped "
                + played.report().duplicatesDropped());

        assertThat(faults).as("every fault came before the session's last chunk")
                .allSatisfy(f -> assertThat(Integer.parseInt(f.replaceAll(".* at chunk (\\d+),.*", "$1")))
                        .isLessThan(CHUNKS - 1));
        assertThat(played.report().samples()).as("samples, none lost").isEqualTo(SESSION_SAMPLES - (GAP_TO - GAP_FROM));
        assertThat(played.report().gapSamples()).as("only the store's own gap").isEqualTo(GAP_TO - GAP_FROM);
        assertThat(played.report().recordsSkipped()).isZero();
        played.assertIsTheOrigin(origin, 0, SESSION_SAMPLES, GAP_FROM, GAP_TO, START);
        assertThat(waveformStatus(played.report().sessionId().toString())).contains("\"complete\":true")
                .contains("\"samples\":" + SESSION_SAMPLES);
    }

    static void restart(Service service) throws Exception {
        fleet.kill(service);
        fleet.start(service);
    }

    /** Waits until the station has received a block of chunk {@code chunk}; the session must still be playing. */
    static int awaitChunk(AtomicInteger highest, int chunk, CompletableFuture<?> session) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (highest.get() < chunk) {
            assertThat(session.isDone()).as("session ended before chunk %d", chunk).isFalse();
            assertThat(System.nanoTime()).as("chunk %d within 2 min", chunk).isLessThan(deadline);
            Thread.sleep(20);
        }
        return highest.get();
    }

    /** The waveform service's status of the session, once complete (it rebuilds from audio.pcm after its restart). */
    static String waveformStatus(String session) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fleet.port(Service.WAVEFORM)
                + "/sessions/" + session)).timeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String status = "";
        while (System.nanoTime() < deadline && !status.contains("\"complete\":true")) {
            HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
            status = r.statusCode() == 200 ? r.body() : "HTTP " + r.statusCode();
            Thread.sleep(200);
        }
        return status;
    }
}
