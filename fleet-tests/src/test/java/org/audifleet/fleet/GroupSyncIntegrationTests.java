package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
import org.audifleet.fleet.FleetProcesses.Service;
import org.audifleet.player.bench.sync.ChannelAlignment;
import org.audifleet.player.bench.sync.Room;
import org.audifleet.player.bench.sync.SyncScenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's sync test: two stations in one group on a room of two sinks remapped onto the left and right channels of
 * one recorded null sink ({@link Room}), one station under {@code faketime -f '+0.137s x1.00005'}, the fleet as
 * separate processes ({@link FleetProcesses}, with the time service), a 1 h session at 441x with a pause, a seek
 * and a speed change in its middle ({@link SyncScenario#group}); the two channels aligned window by window
 * ({@link ChannelAlignment}): within 1 ms in every window used and 0.25 ms at p50, the goal, and most of
 * the sound used. {@link #twoUnsynchronizedPlaysShowTheirOffset} runs the same harness on two plain
 * {@code play} processes started together, whose offset nothing keeps small.
 */
class GroupSyncIntegrationTests {

    static final String ORIGIN = "demo";

    @TempDir
    static Path dir;
    static ChunkStoreServer server;
    static FleetProcesses fleet;

    @BeforeAll
    static void startFleet() throws Exception {
        String pulse = Room.pulseProblem();
        assumeTrue(pulse == null, pulse);
        DemoStore.write(dir.resolve("store"), Duration.ofHours(2), 0);
        server = new ChunkStoreServer(dir.resolve("store"), 0, List.of());
        fleet = new FleetProcesses(dir, "--audifleet.origins." + ORIGIN + ".kind=chunk-store",
                "--audifleet.origins." + ORIGIN + ".url=" + server.uri());
        fleet.startBroker();
        fleet.start(Service.core());
    }

    @AfterAll
    static void stopFleet() {
        Fleet.closeAll(fleet, server);
    }

    static SyncScenario.Setup setup(String name, String timeService) {
        return new SyncScenario.Setup(FleetProcesses.ROOT, fleet.bootstrap(), timeService, ORIGIN,
                DemoStoreWriter.DEFAULT_STREAM.toString(), DemoStoreWriter.DEFAULT_START.toString(), dir.resolve(name));
    }

    @Test
    void twoStationsOfAGroupStayTogetherThroughPauseSeekAndSpeed() throws Exception {
        String cli = SyncScenario.groupCliProblem(FleetProcesses.ROOT);
        assumeTrue(cli == null, cli);
        assumeTrue(FleetProcesses.built(Service.TIME), "no time-service exec jar built (issue 14's time service)");
        fleet.start(Service.TIME);
        List<ChannelAlignment.Result> results;
        try (Room room = Room.create("sync-group-" + ProcessHandle.current().pid(), 2);
                SyncScenario scenario = new SyncScenario(setup("group", "127.0.0.1:" + fleet.timePort()), room,
                        System.out::println)) {
            results = scenario.group("sync-test");
        }
        System.out.print("group sync: " + SyncScenario.report(results));
        ChannelAlignment.Result r = results.get(0);
        System.out.println("group sync: offset by time (median of each 0.5 s of the recording): " + byHalfSecond(r));
        assertThat(r.usedShareOfSound()).as("share of the sound's windows used").isGreaterThanOrEqualTo(0.8);
        assertThat(r.used()).as("windows used (about 300 in the sound)").isGreaterThanOrEqualTo(200);
        // Issue 14's goal. Seven runs here (fleet-tests/README.md, "Stations in sync"): max 0.06-0.24 ms, p50
        // 0.02-0.09 ms.
        assertThat(r.maxAbsMs()).as("|offset| in every window, ms").isLessThanOrEqualTo(1.0);
        assertThat(r.absQuantileMs(0.5)).as("|offset| p50, ms").isLessThanOrEqualTo(0.25);
    }

    @Test
    void twoUnsynchronizedPlaysShowTheirOffset() throws Exception {
        List<ChannelAlignment.Result> results;
        int losses;
        try (Room room = Room.create("sync-plays-" + ProcessHandle.current().pid(), 2);
                SyncScenario scenario = new SyncScenario(setup("plays", null), room, System.out::println)) {
            results = scenario.separatePlays();
            losses = scenario.soundLosses();
        }
        ChannelAlignment.Result r = results.get(0);
        System.out.printf("two plays, not synchronized: %sjumps of the offset by more than 1 ms: %d, lone windows off"
                + " by more: %d; underruns and device dropouts the two stations counted: %d%n",
                SyncScenario.report(results), r.jumps(1.0), r.outliers(1.0), losses);
        // Nothing aligns them, so neither the size of the offset nor its jumps are asserted: an underrun or a device
        // dropout (on a loaded machine they happen) delays the rest of that station's sound, and the summaries count
        // an underrun once per episode, a sound-server stall not at all, so the two counts need not agree (runs
        // here: 7 jumps with 7 dropouts counted, 6 with 5 underruns and dropouts). That the harness finds offsets
        // in much of the sound, in steady levels and not scattered, is asserted.
        assertThat(r.used()).as("windows used").isGreaterThanOrEqualTo(50);
        assertThat(r.outliers(1.0)).as("lone windows off their neighbours").isLessThanOrEqualTo(r.used() / 20);
    }

    /** "t=2.0s -0.412" pieces: where in the session the offset changes (a control, a rejoin), for the log. */
    private static String byHalfSecond(ChannelAlignment.Result r) {
        TreeMap<Long, List<Double>> buckets = new TreeMap<>();
        for (int i = 0; i < r.offsetMs().length; i++) {
            if (!Double.isNaN(r.offsetMs()[i])) {
                buckets.computeIfAbsent(Math.round(Math.floor(r.windowStartSeconds()[i] * 2)), k -> new ArrayList<>())
                        .add(r.offsetMs()[i]);
            }
        }
        StringBuilder b = new StringBuilder();
        buckets.forEach((k, v) -> {
            Collections.sort(v);
            b.append(String.format(Locale.ROOT, " t=%.1fs %+.3f", k / 2.0, v.get(v.size() / 2)));
        });
        return b.toString();
    }
}
