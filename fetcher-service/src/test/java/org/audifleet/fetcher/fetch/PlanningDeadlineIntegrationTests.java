package org.audifleet.fetcher.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
import org.audifleet.fetcher.origin.Origins;
import org.audifleet.fetcher.origin.OriginsProperties;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.PlaybackStatus.Reason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Planning against a real loopback chunk store whose manifest of one day answers only after a minute: the caller
 * is rejected with PLANNING_TOO_SLOW at {@code audifleet.fetch.max-planning-time} and the planner thread it
 * gave up on is free again, while a window on the store's prompt day is still planned.
 */
class PlanningDeadlineIntegrationTests {

    static final Instant START = DemoStoreWriter.DEFAULT_START;
    static final Duration SLOW = Duration.ofSeconds(60);

    @TempDir
    static Path store;
    static ChunkStoreServer server;
    static ExecutorService planners;

    @BeforeAll
    static void serve() throws Exception {
        new DemoStoreWriter().length(Duration.ofHours(1)).write(store);
        // The day after the store's data: its (missing) manifest is answered, 404, after a minute.
        server = new ChunkStoreServer(store, 0, List.of(ChunkStoreServer.Fault.delay("^2024/01/02/", SLOW)));
        planners = Executors.newFixedThreadPool(1);
    }

    @AfterAll
    static void stop() {
        server.close();
        planners.shutdownNow();
    }

    static SessionAdmission admission(String maxPlanningTime) {
        Map<String, String> p = Map.of("audifleet.origins.demo.kind", "chunk-store", "audifleet.origins.demo.url",
                server.uri().toString(), "audifleet.fetch.max-planning-time", maxPlanningTime);
        Binder binder = new Binder(new MapConfigurationPropertySource(p));
        return new SessionAdmission(new Origins(binder.bind("audifleet", OriginsProperties.class).get()),
                binder.bindOrCreate("audifleet.fetch", FetchProperties.class), planners);
    }

    static PlaybackRequest request(Instant start) {
        return new PlaybackRequest(UUID.randomUUID(), "demo", DemoStoreWriter.DEFAULT_STREAM, Micros.of(start),
                Micros.of(start.plus(Duration.ofMinutes(10))), 0L);
    }

    @Test
    void aSlowManifestIsRejectedAtThePlanningDeadlineAndItsPlannerIsFreedForTheNextSession() {
        SessionAdmission admission = admission("500ms");
        long before = System.nanoTime();
        assertThatThrownBy(() -> admission.admit(request(START.plus(Duration.ofDays(1)))))
                .isInstanceOfSatisfying(SessionRejected.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.PLANNING_TOO_SLOW);
                    assertThat(e.getMessage()).startsWith("planning took longer than 0.5 s "
                            + "(audifleet.fetch.max-planning-time): origin 'demo' had not answered for XX.DEMO..HHZ "
                            + "2024-01-02T00:00:00Z to 2024-01-02T00:10:00Z");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - before)).as("not the origin's minute")
                .isLessThan(SLOW.dividedBy(4));
        // One planner thread: the next session is planned only if the slow one's planner let go of it (with a
        // deadline a cold JVM on a loaded machine meets).
        assertThat(admission("60s").admit(request(START)).plan().chunks()).isNotEmpty();
    }
}
