package org.audifleet.fleet;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.audifleet.player.PlayerAgent;
import org.audifleet.wire.StreamId;
import picocli.CommandLine;

/**
 * One real run of {@code player-agent} inside the test JVM, as bin/player-agent would run it: its exit code, what it
 * printed on stdout and stderr, and how long it took. The commands print to System.out and System.err, so those
 * are swapped for the run; fleet tests run one test at a time.
 */
record StationRun(int exitCode, String out, String err, Duration took) {

    static StationRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream was = System.out;
        PrintStream wasErr = System.err;
        long started = System.nanoTime();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            CommandLine cli = PlayerAgent.commandLine();
            cli.setOut(new PrintWriter(o, true));
            cli.setErr(new PrintWriter(e, true));
            code = cli.execute(args);
        } finally {
            System.setOut(was);
            System.setErr(wasErr);
        }
        StationRun run = new StationRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - started));
        was.println("player-agent " + String.join(" ", args) + "\n  exit " + code + " after " + run.took.toMillis()
                + " ms; stderr:\n" + run.err.indent(2));
        return run;
    }

    /** {@code play} on {@code bootstrap} into a null output, quiet; {@code --start} is {@code start} unless given. */
    static StationRun play(String bootstrap, StreamId stream, Instant start, String... options) {
        List<String> args = new ArrayList<>(List.of("play", "--bootstrap", bootstrap, "--stream", stream.toString(),
                "--output", "null", "--quiet"));
        if (!List.of(options).contains("--start")) {
            args.addAll(List.of("--start", start.toString()));
        }
        args.addAll(List.of(options));
        return of(args.toArray(String[]::new));
    }

    /** The lines the run printed on stderr that came from the station (not a Kafka client's log). */
    List<String> stationErrLines() {
        return err.lines().filter(l -> l.startsWith("player-agent")).toList();
    }
}
