package org.audifleet.player.bench.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.audifleet.player.group.FleetInstant;
import org.audifleet.player.sync.FleetClock;

/**
 * Issue 14's sync scenario on a {@link Room}: stations as real {@code bin/player-agent} processes, each with
 * {@code PULSE_SINK} on its own sink, some under {@code faketime}; the room's monitor recorded from before the first
 * sound to after the last; every member's channel aligned against member 1's ({@link ChannelAlignment}).
 *
 * <p>{@link #group} is the scenario itself: daemons in one group, one 1 h session at 441x with a pause, a seek and
 * a speed change in its middle, each control placed at an instant of the session's own timeline. It is written
 * against the group CLI of issue 14 ({@code daemon --group --time-service}, {@code control --group}), which
 * {@link #groupCliProblem} checks for. {@link #separatePlays} runs today: one {@code play} per station, started
 * together and not synchronized, which shows what the harness measures when nothing keeps the stations together.
 */
public final class SyncScenario implements AutoCloseable {

    /** The skewed clock: 137 ms ahead and 50 ppm fast. */
    public static final String FAKETIME = "+0.137s x1.00005";
    /** The session: 1 h of data at 441x is 8.16 s of sound at 1x. */
    public static final String LENGTH = "1h";
    static final double SESSION_SECONDS = 3600 / 441.0;
    /**
     * The controls, in seconds of the session's timeline after its start: paused 2.0 to 3.0 s, at 4.0 s back to
     * 00:10:00 (the earthquake at 00:12 again), at 5.0 s 1.5x to the end (about 8.9 s after the start).
     */
    static final double PAUSE_AT = 2.0;
    static final double RESUME_AT = 3.0;
    static final double SEEK_AT = 4.0;
    static final String SEEK_TO = "00:10:00";
    static final double SPEED_AT = 5.0;
    static final String SPEED = "1.5";
    /**
     * From the scenario's first control to the session's start: the five control JVMs' start-up and every member's
     * first blocks (a cold fleet's first audio: 1.5 s in README.md's run) before it. 10 s and 2 s a station: with 8
     * daemons on two cores (load 13) four control JVMs started together took 8 s to send; with 2 daemons and 6 s and
     * 2 s a station, the pause or the resume came too late for its frame in 7 of 16 traced runs of
     * GroupSyncIntegrationTests (each member then rejoins the timeline instead), in none of 5 at 10 s and 2 s.
     */
    static Duration playLead(int stations) {
        return Duration.ofSeconds(10 + 2L * stations);
    }

    /**
     * Where to find the checkout's bin/player-agent, the broker, the time service (HOST:PORT, null without one), the
     * origin and stream, and where logs and the recording go.
     */
    public record Setup(Path root, String bootstrap, String timeService, String origin, String stream, String start,
            Path dir) {
    }

    private final Setup setup;
    private final Room room;
    private final Consumer<String> log;
    private final List<Process> processes = new ArrayList<>();

    public SyncScenario(Setup setup, Room room, Consumer<String> log) throws IOException {
        this.setup = setup;
        this.room = room;
        this.log = log;
        Files.createDirectories(setup.dir().resolve("logs"));
    }

    /**
     * Why the group scenario cannot run with this checkout's station, or null when it can: {@code daemon --help}
     * must offer {@code --time-service} and {@code control --help} {@code --group}.
     */
    public static String groupCliProblem(Path root) throws IOException, InterruptedException {
        String daemon = help(root, "daemon");
        String control = help(root, "control");
        if (!daemon.contains("--time-service")) {
            return "player-agent daemon has no --time-service yet (issue 14's group CLI): `player-agent daemon --help`"
                    + " does not mention it";
        }
        if (!control.contains("--group")) {
            return "player-agent control has no --group yet (issue 14's group CLI)";
        }
        return null;
    }

    private static String help(Path root, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(root.resolve("bin/player-agent").toString(), command, "--help")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(120, TimeUnit.SECONDS);
        return out;
    }

    /** Member i (1-based) under faketime: every even member, so a room of 2 has one skewed station. */
    static boolean skewed(int member) {
        return member % 2 == 0;
    }

    /**
     * One {@code play} per station, started together: nothing aligns them, so the offsets are what JVM start-up
     * and each session's own request and first block make them. Returns one result per member 2..N.
     */
    public List<ChannelAlignment.Result> separatePlays() throws Exception {
        Room.Recording recording = room.record(setup.dir().resolve("room.raw"));
        List<Process> plays = new ArrayList<>();
        for (int i = 1; i <= room.stations(); i++) {
            plays.add(start(i, "play-" + i, List.of("play", "--bootstrap", setup.bootstrap(), "--origin",
                    setup.origin(), "--stream", setup.stream(), "--start", setup.start(), "--duration", LENGTH,
                    "--output", "auto", "--no-keys", "--quiet", "--status-timeout", "60s")));
        }
        for (int i = 0; i < plays.size(); i++) {
            if (!plays.get(i).waitFor(180, TimeUnit.SECONDS)) {
                throw new IllegalStateException("play " + (i + 1) + " did not end within 180 s; its log: "
                        + log("play-" + (i + 1)));
            }
            if (plays.get(i).exitValue() != 0) {
                throw new IllegalStateException("play " + (i + 1) + " exited " + plays.get(i).exitValue()
                        + "; its log:\n" + Files.readString(log("play-" + (i + 1))));
            }
        }
        Thread.sleep(500);
        return analyze(recording.stop(), 3.0);
    }

    /**
     * The underruns and device dropouts every station's summary line counted ({@code underruns N, device dropouts
     * M}), summed: each is sound a station did not play when it should have, which moves the rest of its session
     * later, so each may be a jump of its offset.
     */
    public int soundLosses() throws IOException {
        int total = 0;
        Pattern losses = Pattern.compile("underruns (\\d+), device dropouts (\\d+)");
        try (var logs = Files.list(setup.dir().resolve("logs"))) {
            for (Path log : logs.toList()) {
                Matcher m = losses.matcher(Files.readString(log));
                while (m.find()) {
                    total += Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2));
                }
            }
        }
        return total;
    }

    /**
     * Issue 14's scenario: a daemon per station in group {@code group}, waits until every member's status says its
     * clock is ready, then the session and its controls, recorded. Returns one result per member 2..N.
     */
    public List<ChannelAlignment.Result> group(String group) throws Exception {
        for (int i = 1; i <= room.stations(); i++) {
            start(i, "daemon-" + i, List.of("daemon", "--bootstrap", setup.bootstrap(), "--station", "sync-" + i,
                    "--group", group, "--time-service", setup.timeService(), "--output", "auto", "--status-timeout",
                    "60s"));
        }
        awaitReadyClocks(group, Duration.ofSeconds(120));
        Room.Recording recording = room.record(setup.dir().resolve("room.raw"));
        // Every control at its fleet instant (--at), the session's start playLead from now: the PLAY first (the
        // group's controls are one partition, in the order sent, and a member takes a session's controls after its
        // PLAY), then the other four at once. Their JVMs' start-up (1-3 s each on two loaded cores) then falls before
        // the sound; sent one after another during it, each with a lead, they came seconds late and the members
        // lost windows to the load.
        long startFleet = wallNanos() + playLead(room.stations()).toNanos();
        control(group, at(startFleet, 0), "play", setup.origin(), setup.stream(), setup.start(), LENGTH, "441")
                .waitFor();
        List<Control> later = List.of(
                control(group, at(startFleet, PAUSE_AT), "pause"),
                control(group, at(startFleet, RESUME_AT), "resume"),
                control(group, at(startFleet, SEEK_AT), "seek", SEEK_TO),
                control(group, at(startFleet, SPEED_AT), "speed", SPEED));
        for (Control c : later) {
            c.waitFor();
        }
        // The start on this JVM's clock: the fleet's is the machine's own here (one host, the time service on it).
        long sessionStart = System.nanoTime() + (startFleet - wallNanos());
        // After the seek to 00:10:00 (600 s of data, 600/441 s of sound in): 1 s at 1x, the rest at 1.5x.
        double toEnd = SPEED_AT + (SESSION_SECONDS - 600 / 441.0 - (SPEED_AT - SEEK_AT)) / Double.parseDouble(SPEED);
        long end = sessionStart + (long) ((toEnd + 1.5) * 1e9);
        while (System.nanoTime() < end) {
            Thread.sleep(100);
        }
        return analyze(recording.stop(), 0.1);
    }

    /** {@code --at} for a control {@code seconds} after the session's start at fleet instant {@code startFleet}. */
    private static List<String> at(long startFleet, double seconds) {
        return List.of("--at", FleetInstant.format(startFleet + (long) (seconds * 1e9)));
    }

    /** Fleet time here: the time service runs on this host, so it is this machine's wall clock. */
    private static long wallNanos() {
        return FleetClock.wall().localNanos();
    }

    /** A {@code control} process started; {@link #waitFor} returns what it printed, or throws with its log. */
    private record Control(Process process, Path log, String command) {
        String waitFor() throws Exception {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("control " + command + " failed; its log:\n" + Files.readString(log));
            }
            return Files.readString(log);
        }
    }

    private Control control(String group, List<String> when, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("control", "--bootstrap", setup.bootstrap(), "--group", group,
                "--time-service", setup.timeService()));
        args.addAll(when);
        args.addAll(List.of(command));
        return new Control(start(0, "control-" + command[0], args), log("control-" + command[0]),
                String.join(" ", command));
    }

    /** Until {@code control --group GROUP status} prints a ready line for every member. */
    private void awaitReadyClocks(String group, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            Process p = start(0, "control-status", List.of("control", "--bootstrap", setup.bootstrap(), "--group",
                    group, "status"));
            p.waitFor(60, TimeUnit.SECONDS);
            last = Files.readString(log("control-status"));
            if (readyMembers(last) >= room.stations()) {
                log.accept("sync: every member's clock is ready:\n" + last.strip());
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("not every member's clock was ready within " + timeout + "; last status:\n"
                + last);
    }

    /**
     * Members whose status line says their clock is ready. The group CLI's status prints one line per member; this
     * counts the lines naming a station ({@code sync-N}) that say {@code ready} and not {@code not ready}.
     */
    static int readyMembers(String status) {
        int ready = 0;
        for (String line : status.split("\n")) {
            String l = line.toLowerCase(Locale.ROOT);
            if (l.contains("sync-") && l.matches(".*\\bready\\b.*") && !l.contains("not ready")) {
                ready++;
            }
        }
        return ready;
    }

    /**
     * Member 1's channel against each other member's: per second of the recording a coarse lag (within
     * {@code coarseSeconds}), then the windows around it; so a station that jumps (a device dropout under load, a
     * resync) is followed, and each window still says where it was.
     */
    List<ChannelAlignment.Result> analyze(float[][] channels, double coarseSeconds) {
        ChannelAlignment alignment = new ChannelAlignment(ChannelAlignment.Settings.defaults(Room.RATE));
        List<ChannelAlignment.Result> results = new ArrayList<>();
        for (int c = 1; c < channels.length; c++) {
            results.add(alignment.alignTracking(channels[0], channels[c], (int) (coarseSeconds * Room.RATE), 1.0));
        }
        return results;
    }

    /** One line per member 2..N against member 1, saying which ran under faketime. */
    public static String report(List<ChannelAlignment.Result> results) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < results.size(); i++) {
            int member = i + 2;
            out.append(String.format(Locale.ROOT, "member %d%s vs member 1: %s%n", member,
                    skewed(member) ? " (faketime " + FAKETIME + ")" : "", results.get(i).summary()));
        }
        return out.toString();
    }

    private Path log(String name) {
        return setup.dir().resolve("logs").resolve(name + ".log");
    }

    /** bin/player-agent with PULSE_SINK on member {@code member}'s sink (0: no sink, a control), skewed if even. */
    private Process start(int member, String logName, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        if (member > 0 && skewed(member)) {
            command.addAll(List.of("faketime", "-f", FAKETIME));
        }
        command.add(setup.root().resolve("bin/player-agent").toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log(logName).toFile());
        if (member > 0) {
            pb.environment().put("PULSE_SINK", room.sink(member));
        }
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /**
     * Stops every process this scenario started with what each started in turn: {@code faketime} runs its command as
     * a child and does not pass SIGTERM on, so stopping the wrapper alone left the skewed members' JVMs running.
     */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process p : processes) {
            p.descendants().forEach(all::add);
            all.add(p.toHandle());
        }
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                h.destroyForcibly();
            }
        }
    }
}
