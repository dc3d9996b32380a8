package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
import org.audifleet.fleet.FleetProcesses.Service;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet as separate processes ({@link FleetProcesses}) with {@link #SESSIONS} stations playing at once, their
 * requests on the fetcher at the same time (it serves them all at once, fetcher-service README, "Many sessions at
 * once"). Once every station has blocks of at least two chunks and none has its last, the fetcher is SIGKILLed and
 * started again. Every session is then complete once: every sample the origin's, nothing lost, the store's gap as
 * silence; what the restarted fetcher published again reached the stations as duplicates, which each station's
 * {@code BlockSequencer} dropped by their {@code (chunk, block)} index ("duplicate blocks dropped").
 *
 * <p>The origin answers the first request of each 10 min chunk after {@link #CHUNK_DELAY}, one request at a time, so
 * the sessions take a while to arrive and the kill lands in their middle; repeat requests are answered at once.
 */
class ConcurrentSessionsFaultsIntegrationTests {

    static final StreamId STREAM = DemoStoreWriter.DEFAULT_STREAM;
    static final Instant START = DemoStoreWriter.DEFAULT_START;
    static final int SESSIONS = 4;
    static final Duration LENGTH = Duration.ofHours(2);
    static final int SESSION_SAMPLES = 720_000;
    static final int CHUNKS = 12;
    /** Each session starts 10 min (one chunk) after the one before. */
    static final int OFFSET_SAMPLES = 60_000;
    static final int STORE_GAP_FROM = 252_000;
    static final int STORE_GAP_TO = 270_000;
    static final Duration CHUNK_DELAY = Duration.ofMillis(1000);

    @TempDir
    static Path dir;
    static int[] origin;
    static ChunkStoreServer server;
    static FleetProcesses fleet;

    @BeforeAll
    static void startFleet() throws Exception {
        origin = DemoStore.write(dir.resolve("store"), Duration.ofHours(3),
                SESSION_SAMPLES + (SESSIONS - 1) * OFFSET_SAMPLES).origin();
        server = new ChunkStoreServer(dir.resolve("store"), 0, List.of(new ChunkStoreServer.Fault(
                Pattern.compile("\\.10m\\.i32\\.zst$"), 1, 0, CHUNK_DELAY, false)));
        fleet = new FleetProcesses(dir, "--audifleet.origins.paced.kind=chunk-store",
                "--audifleet.origins.paced.url=" + server.uri(), "--audifleet.origins.paced.chunk-policy=10m",
                "--audifleet.origins.paced.max-concurrency=1",
                // A SIGKILLed member holds its partitions until its session times out (45 s by default); the
                // broker's smallest allowed session timeout hands them to the restarted service sooner.
                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000");
        fleet.startBroker();
        fleet.start(Service.values());
    }

    @AfterAll
    static void stopFleet() {
        Fleet.closeAll(fleet, server);
    }

    @Test
    void aFetcherKilledWhileSeveralSessionsPublishLeavesEachCompleteOnce() throws Exception {
        List<AtomicInteger> highest = new ArrayList<>();
        List<CompletableFuture<PlayedSession>> sessions = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            AtomicInteger chunk = new AtomicInteger(-1);
            highest.add(chunk);
            Instant from = START.plus(Duration.ofMinutes(10L * i));
            sessions.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return PlayedSession.playAs(fleet.bootstrap(), "paced", STREAM, from, LENGTH, b -> b
                            .statusTimeout(Duration.ofSeconds(60))
                            .timeouts(Duration.ofSeconds(120), Duration.ofSeconds(120))
                            .progress(block -> chunk.accumulateAndGet(block.chunkIndex(), Math::max)));
                } catch (Exception e) {
                    throw new IllegalStateException("the session failed", e);
                }
            }));
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (highest.stream().anyMatch(h -> h.get() < 1)) {
            assertThat(sessions).as("no session ended before the fault").noneMatch(CompletableFuture::isDone);
            assertThat(System.nanoTime()).as("every station has two chunks within 3 min").isLessThan(deadline);
            Thread.sleep(20);
        }
        List<Integer> atKill = highest.stream().map(AtomicInteger::get).toList();
        fleet.kill(Service.FETCHER);
        fleet.start(Service.FETCHER);

        long duplicates = 0;
        for (int i = 0; i < SESSIONS; i++) {
            PlayedSession played = sessions.get(i).get(4, TimeUnit.MINUTES);
            int offset = i * OFFSET_SAMPLES;
            int gapFrom = STORE_GAP_FROM - offset;
            int gapTo = STORE_GAP_TO - offset;
            assertThat(played.report().samples()).as("session %d: samples, none lost", i)
                    .isEqualTo(SESSION_SAMPLES - (gapTo - gapFrom));
            assertThat(played.report().gapSamples()).as("session %d: only the store's own gap", i)
                    .isEqualTo(gapTo - gapFrom);
            assertThat(played.report().recordsSkipped()).isZero();
            played.assertIsTheOrigin(Arrays.copyOfRange(origin, offset, offset + SESSION_SAMPLES), 0,
                    SESSION_SAMPLES, gapFrom, gapTo, START.plus(Duration.ofMinutes(10L * i)));
            duplicates += played.report().duplicatesDropped();
        }
        System.out.println("concurrent sessions, fetcher killed with the stations at chunks " + atKill
                + "; duplicate blocks dropped " + duplicates);
        assertThat(atKill).as("the kill came before any session's last chunk").allSatisfy(
                c -> assertThat(c).isLessThan(CHUNKS - 1));
        assertThat(duplicates).as("the restarted fetcher published the unfinished sessions again").isPositive();
    }
}
