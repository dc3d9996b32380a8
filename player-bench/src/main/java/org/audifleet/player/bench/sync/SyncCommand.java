package org.audifleet.player.bench.sync;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/**
 * {@code player-bench sync}: issue 14's sync scenario ({@link SyncScenario}) for rooms of N stations in the
 * running PulseAudio, printing every member's offset against member 1 (p50/p99/max) with the load.
 */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Plays one session on N stations of a room (N PulseAudio sinks remapped onto the channels of"
            + " one recorded null sink), records the room and prints every member's offset against member 1 per"
            + " 50 ms window: p50/p99/max of |offset|, windows used and skipped. Even members run under faketime"
            + " -f '" + SyncScenario.FAKETIME + "'.",
            "Needs a running PulseAudio (eval \"$(infra/sound/null-sink start)\"), a fleet at --bootstrap with the"
                + " demo origin, and for the group scenario a time service and the group CLI (issue 14)."})
public final class SyncCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--stations", split = ",", defaultValue = "2,4,8", paramLabel = "N[,N...]",
            description = "Room sizes to run, one after another (default: 2,4,8).")
    List<Integer> stations;

    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092", paramLabel = "HOST:PORT",
            description = "The fleet's Kafka broker (default: 127.0.0.1:9092).")
    String bootstrap;

    @Option(names = "--time-service", paramLabel = "HOST:PORT",
            description = "The fleet's time service (needed for the group scenario).")
    String timeService;

    @Option(names = "--origin", defaultValue = "demo", description = "Origin (default: demo).")
    String origin;

    @Option(names = "--stream", defaultValue = "XX.DEMO..HHZ", description = "Stream (default: XX.DEMO..HHZ).")
    String stream;

    @Option(names = "--start", defaultValue = "2024-01-01T00:00:00Z", description = "Window start (the demo's).")
    String start;

    @Option(names = "--unsynchronized",
            description = "One plain `play` per station, started together, instead of a group: what the harness"
                + " measures when nothing keeps the stations together.")
    boolean unsynchronized;

    @Option(names = "--root", defaultValue = ".", paramLabel = "DIR",
            description = "The checkout whose bin/player-agent the stations run (default: the current folder).")
    Path root;

    @Option(names = "--dir", paramLabel = "DIR", description = "Logs and recordings (default: a new temp folder).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        for (int n : stations) {
            if (n < 2 || n > 32) {
                throw new ParameterException(spec.commandLine(), "--stations: a room has 2 to 32 stations, not " + n);
            }
        }
        Path work = dir != null ? dir : Files.createTempDirectory("player-bench-sync");
        String pulse = Room.pulseProblem();
        if (pulse != null) {
            System.err.println("player-bench sync: " + pulse);
            return 1;
        }
        if (!unsynchronized) {
            String cli = SyncScenario.groupCliProblem(root);
            if (cli != null || timeService == null) {
                System.err.println("player-bench sync: cannot run the group scenario: " + (cli != null ? cli
                        : "no --time-service given") + " (--unsynchronized runs separate plays)");
                return 1;
            }
        }
        System.out.printf(Locale.ROOT, "sync: %s, %d cores, load %s%n", unsynchronized
                ? "separate plays, started together" : "one group", Runtime.getRuntime().availableProcessors(),
                load());
        List<String> failed = new ArrayList<>();
        for (int n : stations) {
            Path runDir = work.resolve(n + "-stations");
            String loadBefore = load();
            List<ChannelAlignment.Result> results;
            int losses;
            try (Room room = Room.create("bench-sync-" + n + "-" + ProcessHandle.current().pid(), n);
                    SyncScenario scenario = new SyncScenario(new SyncScenario.Setup(root.toAbsolutePath(), bootstrap,
                            timeService, origin, stream, start, runDir), room, System.out::println)) {
                results = unsynchronized ? scenario.separatePlays() : scenario.group("bench-sync-" + n);
                losses = scenario.soundLosses();
            } catch (Exception e) {
                failed.add(n + " stations: " + e.getMessage());
                System.out.printf("sync: %d stations FAILED: %s (logs in %s)%n", n, e.getMessage(), runDir);
                continue;
            }
            System.out.printf(Locale.ROOT, "sync: %d stations (load before %s, after %s; underruns and device"
                    + " dropouts the stations counted: %d; logs in %s)%n%s", n, loadBefore, load(), losses, runDir,
                    SyncScenario.report(results));
        }
        return failed.isEmpty() ? 0 : 1;
    }

    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
