package org.audifleet.player;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.audifleet.player.cli.DurationConverter;
import org.audifleet.player.session.ExitCodes;
import org.audifleet.player.session.StationSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class PlayerAgentTests {

    /** The README's exit code 2 for a bad command line; the measurement commands live in player-bench now. */
    @Test
    void aBadCommandLineExitsWithUsageAndTheBenchIsNotPartOfTheStation() {
        CommandLine cli = PlayerAgent.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.execute("play", "--no-such-option")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.execute("bench")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.getSubcommands()).containsOnlyKeys("play", "daemon", "control", "devices", "help");
    }

    /**
     * main builds the model of the one subcommand its first word names, and the whole CLI for anything else (the
     * usage, help, a misspelt name), so a bad command line reads the same either way.
     */
    @Test
    void onlyTheNamedSubcommandIsBuiltAndAnythingElseGetsTheWholeCli() {
        assertThat(PlayerAgent.commandLine("play").getSubcommands()).containsOnlyKeys("play");
        assertThat(PlayerAgent.commandLine("daemon").getSubcommands()).containsOnlyKeys("daemon");
        for (String first : new String[] {null, "help", "--help", "plya", "bench"}) {
            assertThat(PlayerAgent.commandLine(first).getSubcommands())
                    .containsOnlyKeys("play", "daemon", "control", "devices", "help");
        }
        String[] bad = {"play", "--origin", "demo", "--stream", "XX.DEMO..HHZ", "--start", "2024-01-01T00:00:00Z",
            "--speed", "0"};
        StringWriter one = new StringWriter();
        StringWriter all = new StringWriter();
        CommandLine lazy = PlayerAgent.commandLine("play");
        lazy.setErr(new PrintWriter(one));
        CommandLine whole = PlayerAgent.commandLine();
        whole.setErr(new PrintWriter(all));
        assertThat(lazy.execute(bad)).isEqualTo(whole.execute(bad)).isEqualTo(ExitCodes.USAGE);
        assertThat(one.toString()).isEqualTo(all.toString()).startsWith("player-agent play: Invalid value");
    }

    @TempDir
    Path dir;

    /**
     * Real runs of {@code play} with one bad option each: exit 2 and one line on stderr naming the option, the
     * value and what it accepts, before the output is opened (the WAV file is never created) or the broker is
     * asked (the bootstrap address listens to nothing, which would be exit 3).
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "--speed|0|'0' is not a speed from 1 to 10000 (x real time; 441 plays 100 Hz data at 44.1 kHz)",
        "--speed|-5|'-5' is not a speed from 1 to 10000",
        "--speed|NaN|'NaN' is not a speed from 1 to 10000",
        "--speed|1e12|'1e12' is not a speed from 1 to 10000",
        "--speed|10001|'10001' is not a speed from 1 to 10000",
        "--speed|0.0001|'0.0001' is not a speed from 1 to 10000",
        "--volume|3|'3' is not a volume from 0 to 2 (1 = unity)",
        "--volume|NaN|'NaN' is not a volume from 0 to 2",
        "--duration|25h|'25h' is longer than --max-duration 24h",
        "--duration|0s|'0s' is not a length longer than zero",
        "--status-timeout|0s|'0s' is not a length longer than zero",
        "--start|yesterday|'yesterday' is not a UTC time like 2024-01-01T00:00:00Z",
        "--stream|XX|stream 'XX' is not NET.STA.LOC.CHA"})
    void aBadOptionExitsTwoWithOneLineNamingOptionValueAndWhatItAccepts(String option, String value, String why)
            throws Exception {
        Path wav = dir.resolve("never.wav");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PlayerAgent.commandLine("play"); // as main builds it for `play ...`
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> args = new ArrayList<>(List.of("play", "--origin", "demo", "--stream", "XX.DEMO..HHZ",
                "--start", "2024-01-01T00:00:00Z", "--bootstrap", "127.0.0.1:9", "--output", "wav:" + wav));
        int at = args.indexOf(option);
        if (at >= 0) {
            args.set(at + 1, value);
        } else {
            args.addAll(List.of(option, value));
        }
        assertThat(cli.execute(args.toArray(String[]::new))).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("player-agent play: Invalid value for option '" + option + "': ").contains(why)
                .endsWith(" (player-agent play --help)");
        assertThat(out.toString()).isEmpty();
        assertThat(Files.exists(wav)).as("output opened").isFalse();
    }

    /**
     * The README's exit code 6: an output that cannot be opened fails the run before the broker is asked. What
     * the station says about it goes to stderr: stdout is only ever the audio of {@code --output wav:-}.
     */
    @Test
    void anOutputThatCannotBeOpenedExitsSixSayingSoOnStderr() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "a file, so nothing can be written below it");
        Run file = run("play", "--origin", "demo", "--stream", "XX.DEMO..HHZ", "--start",
                "2024-01-01T00:00:00Z", "--bootstrap", "127.0.0.1:9", "--output",
                "wav:" + notADirectory.resolve("session.wav"));
        assertThat(file.code).isEqualTo(ExitCodes.OUTPUT_FAILED);
        Run device = run("play", "--origin", "demo", "--stream", "XX.DEMO..HHZ", "--start",
                "2024-01-01T00:00:00Z", "--bootstrap", "127.0.0.1:9", "--output", "device:nosuch");
        assertThat(device.code).isEqualTo(ExitCodes.OUTPUT_FAILED);
        for (Run r : List.of(file, device)) {
            assertThat(r.out).isEmpty();
            assertThat(r.err.lines()).anyMatch(l -> l.startsWith("player-agent: "));
        }
        assertThat(device.err).contains("no output device matches 'nosuch'");
    }

    /** With the WAV on stdout a usage error still says so on stderr alone, before anything is streamed. */
    @Test
    void aUsageErrorWithTheWavOnStdoutWritesNothingToStdout() {
        Run r = run("play", "--origin", "demo", "--stream", "XX.DEMO..HHZ", "--start", "2024-01-01T00:00:00Z",
                "--bootstrap", "127.0.0.1:9", "--output", "wav:-", "--speed", "0");
        assertThat(r.code).isEqualTo(ExitCodes.USAGE);
        assertThat(r.out).isEmpty();
        assertThat(r.err.lines()).singleElement().asString().contains("'--speed'");
        assertThat(Files.exists(Path.of("-"))).as("a file named -").isFalse();
    }

    /** {@code --kafka-config} is one option of play, daemon and control: a file that cannot be read is exit 2. */
    @Test
    void everyCommandThatTalksToKafkaTakesKafkaConfigAndAnUnreadableFileIsOneLine() {
        String missing = dir.resolve("nope.properties").toString();
        List<Run> runs = List.of(
                run("play", "--origin", "demo", "--stream", "XX.DEMO..HHZ", "--start", "2024-01-01T00:00:00Z",
                        "--bootstrap", "127.0.0.1:9", "--output", "null", "--kafka-config", missing),
                run("daemon", "--station", "hall-1", "--bootstrap", "127.0.0.1:9", "--kafka-config", missing),
                run("control", "--station", "hall-1", "--bootstrap", "127.0.0.1:9", "--kafka-config", missing, "stop"));
        for (Run r : runs) {
            assertThat(r.code).as(r.err).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err.lines()).singleElement().asString()
                    .isEqualTo("player-agent: --kafka-config " + missing
                            + ": cannot read it (NoSuchFileException: " + missing + ")");
        }
    }

    /** A daemon named like a group's key could never be addressed: exit 2, one line, before the broker is asked. */
    @Test
    void aDaemonNamedLikeAGroupKeyExitsTwoWithOneLine() {
        Run r = run("daemon", "--station", "group:hall", "--bootstrap", "127.0.0.1:9");
        assertThat(r.code).as(r.err).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err.lines()).singleElement().asString()
                .contains("station 'group:hall' starts with 'group:', which keys the groups' controls")
                .endsWith("(player-agent daemon --help)");
        assertThat(r.out).isEmpty();
    }

    /** {@code control --group}'s usage errors: exit 2, one line, before the broker (which listens to nothing) is asked. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "--station hall-1 --group hall pause|give --station or --group, not both",
        "--group hall seek +5m|a group control's position is from the window's start, not relative",
        "--group hall high-pass 0.02|HIGH_PASS is a station's own sound setting, not a group control",
        "--group hall dc mean|DC is a station's own sound setting, not a group control",
        "--group hall normalize on|NORMALIZE is a station's own sound setting, not a group control",
        "--group hall --streams XX.STA1..HHZ pause|--streams is for play",
        "--group hall status now|status takes no arguments",
        "--group hall --lead 0s pause|'0s' is not a length longer than zero",
        "--station hall-1 --lead 1s pause|--lead is for --group",
        "--station hall-1 --at 2026-12-03T14:00:00Z pause|--at is for --group",
        "--group hall --lead 1s --at 2026-12-03T14:00:00Z pause|give --lead or --at, not both",
        "--group hall --at 2026-12-03T14:00:00Z status|--at is for a control, not status",
        "--group hall --at 14:00 pause|14:00",
        "--group hall --streams XX pause|stream 'XX' is not NET.STA.LOC.CHA"})
    void aBadGroupControlExitsTwoWithOneLine(String args, String why) {
        List<String> words = new ArrayList<>(List.of("control", "--bootstrap", "127.0.0.1:9"));
        words.addAll(List.of(args.split(" ")));
        Run r = run(words.toArray(String[]::new));
        assertThat(r.code).as(r.err).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err.lines()).singleElement().asString().contains(why).endsWith("(player-agent control --help)");
        assertThat(r.out).isEmpty();
    }

    /** The group lines of {@code control --help} and {@code daemon --help}, as the README quotes them. */
    @Test
    void theHelpSaysWhatAGroupTakes() {
        Run control = run("control", "--help");
        assertThat(control.out).contains("controls), or with --group to every member of a group at one fleet instant.",
                "With --group GROUP (every station running `daemon --group GROUP`):",
                "  play ORIGIN STREAM START DURATION [SPEED]   one session for the group;",
                "                       --streams S1,S2,... go in order to the members sorted",
                "                       by station name (the stations topic now), the rest",
                "                       play STREAM",
                "  pause | resume | seek POSITION | speed X | volume V | loop FROM TO",
                "  clear-loop | stop",
                "  status               one line per member: station, session, position,",
                "                       offset ± uncertainty, playout error, correction,",
                "                       resyncs, announcement age",
                "Each is scheduled --lead ahead of fleet time (--time-service), or at --at; it",
                "prints the instant. A group's POSITION is from the window's start (no +N/-N);",
                "high-pass, dc and normalize are each station's own: send them with --station.",
                "default: 3s for play", "250ms for the others",
                "  1  --group: no fleet time from the time service within --api-timeout",
                "  4  --group: the stations topic does not exist (services not started)",
                "  player-agent control --group hall --streams XX.STA1..HHZ,XX.STA2..HHZ play",
                "  player-agent control --group hall pause",
                "  player-agent control --group hall status");
        Run daemon = run("daemon", "--help");
        assertThat(daemon.out.replaceAll("\\s+", " ")).contains("--group-history=LENGTH", "(default: 24h)",
                "--time-service=HOST:PORT", "With --group GROUP the station is also a member of GROUP: a group PLAY"
                + " (`control --group GROUP play`) starts its own session of the group session (its stream from the"
                + " PLAY's mapping, its session id derived from the group session's and the station's name) and the"
                + " group's later controls apply at their fleet instant (--time-service). At start a member reads its"
                + " group's controls back over --group-history and joins the group session playing, at the group's"
                + " position.", "player-agent daemon --station hall-1 --group hall --output null");
    }

    private record Run(int code, String out, String err) {
    }

    /**
     * One run with System.out and System.err captured as well as picocli's writers: {@code play} prints to the
     * former (surefire runs this module's tests one at a time).
     */
    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream was = System.out;
        PrintStream wasErr = System.err;
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            CommandLine cli = PlayerAgent.commandLine(args.length > 0 ? args[0] : null); // as main builds it
            cli.setOut(new PrintWriter(o, true));
            cli.setErr(new PrintWriter(e, true));
            code = cli.execute(args);
        } finally {
            System.setOut(was);
            System.setErr(wasErr);
        }
        // Only the station's lines: Jazzer's agent, loaded by a fuzz test earlier in this JVM, writes to System.err
        // as it instruments classes loaded after it.
        String station = err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("INFO: Instrumented"))
                .map(l -> l + System.lineSeparator()).collect(java.util.stream.Collectors.joining());
        return new Run(code, out.toString(StandardCharsets.UTF_8), station);
    }

    /** The defaults --help shows are the session's own (written twice only because annotations need constants). */
    @Test
    void playsTimeoutDefaultsAreTheSessionsDefaults() {
        CommandLine.Model.CommandSpec play = PlayerAgent.commandLine().getSubcommands().get("play").getCommandSpec();
        assertThat(duration(play, "--status-timeout")).isEqualTo(StationSession.DEFAULT_STATUS_TIMEOUT);
        assertThat(duration(play, "--first-audio-timeout")).isEqualTo(StationSession.DEFAULT_FIRST_AUDIO_TIMEOUT);
        assertThat(duration(play, "--stall-timeout")).isEqualTo(StationSession.DEFAULT_STALL_TIMEOUT);
        assertThat(duration(play, "--api-timeout")).isEqualTo(StationSession.DEFAULT_API_TIMEOUT);
    }

    private static Duration duration(CommandLine.Model.CommandSpec spec, String option) {
        return new DurationConverter().convert(spec.findOption(option).defaultValue());
    }
}
