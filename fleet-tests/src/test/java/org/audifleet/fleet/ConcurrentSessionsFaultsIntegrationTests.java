package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The fleet as separate processes ({@link FleetProcesses}) with {@link #SESSIONS} stations playing at once, their
 * requests on the fetcher at the same time (it serves them all at once, fetcher-service README, "Many sessions at
 * once"), all the same 2 h window. Once two stations are amid their sessions (blocks of their second chunk, not yet
 * of their last two), the fetcher is SIGKILLed and started again. Every session is then complete once: every sample
 * the origin's, nothing lost, the store's gap as silence; what the restarted fetcher published again reached the
 * stations as duplicates, which each station's {@code BlockSequencer} dropped by their {@code (chunk, block)} index
 * ("duplicate blocks dropped"). A run on the loaded 2-core machine (load 45 to 55, 219 s): {@code concurrent
 * sessions, fetcher killed with the stations at chunks [1, 0, 0, 1]; duplicate blocks dropped 204}.
 *
 * <p>The origin answers the first request of each 10 min chunk after {@link #CHUNK_DELAY}, one request at a time, so
 * the sessions take a while to arrive and the kill lands in their middle; repeat requests are answered at once.
 * Sessions asking for a chunk another is downloading share that download (fetcher-service README).
 */
class ConcurrentSessionsFaultsIntegrationTests {

    static final StreamId STREAM = DemoStoreWriter.DEFAULT_STREAM;
    static final Instant START = DemoStoreWriter.DEFAULT_START;
    static final int SESSIONS = 4;
    static final Duration LENGTH = Duration.ofHours(2);
    static final int SESSION_SAMPLES = 720_000;
    static final int CHUNKS = 12;
    static final int GAP_FROM = 252_000;
    static final int GAP_TO = 270_000;
    static final Duration CHUNK_DELAY = Duration.ofMillis(1000);

    @TempDir
    static Path dir;
    static int[] origin;
    static ChunkStoreServer server;
    static FleetProcesses fleet;

    @BeforeAll
    static void startFleet() throws Exception {
        origin = DemoStore.write(dir.resolve("store"), LENGTH, SESSION_SAMPLES).origin();
        server = FleetProcesses.pacedOrigin(dir.resolve("store"), CHUNK_DELAY);
        fleet = new FleetProcesses(dir, FleetProcesses.pacedOriginArgs(server.uri()));
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
            sessions.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return PlayedSession.playAs(fleet.bootstrap(), "paced", STREAM, START, LENGTH, b -> b
                            .statusTimeout(Duration.ofSeconds(60))
                            .timeouts(Duration.ofSeconds(120), Duration.ofSeconds(120))
                            .progress(block -> chunk.accumulateAndGet(block.chunkIndex(), Math::max)));
                } catch (Exception e) {
                    throw new IllegalStateException("the session failed", e);
                }
            }));
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        // Stations on a loaded machine connect seconds apart, so one may be through before another has begun.
        while (highest.stream().filter(h -> h.get() >= 1 && h.get() < CHUNKS - 2).count() < 2) {
            assertThat(System.nanoTime()).as("two stations amid their sessions within 3 min: %s", highest)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
        List<Integer> atKill = highest.stream().map(AtomicInteger::get).toList();
        fleet.kill(Service.FETCHER);
        fleet.start(Service.FETCHER);

        long duplicates = 0;
        for (int i = 0; i < SESSIONS; i++) {
            PlayedSession played = sessions.get(i).get(4, TimeUnit.MINUTES);
            assertThat(played.report().samples()).as("session %d: samples, none lost", i)
                    .isEqualTo(SESSION_SAMPLES - (GAP_TO - GAP_FROM));
            assertThat(played.report().gapSamples()).as("session %d: only the store's own gap", i)
                    .isEqualTo(GAP_TO - GAP_FROM);
            assertThat(played.report().recordsSkipped()).isZero();
            played.assertIsTheOrigin(origin, 0, SESSION_SAMPLES, GAP_FROM, GAP_TO, START);
            duplicates += played.report().duplicatesDropped();
        }
        System.out.println("concurrent sessions, fetcher killed with the stations at chunks " + atKill
                + "; duplicate blocks dropped " + duplicates);
        assertThat(atKill.stream().filter(c -> c >= 1 && c < CHUNKS - 2).count())
                .as("sessions amid their chunks when the fetcher was killed: %s", atKill).isGreaterThanOrEqualTo(2);
        assertThat(duplicates).as("the restarted fetcher published the unfinished sessions again").isPositive();
    }
}
