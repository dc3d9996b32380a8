package org.audifleet.player.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.audifleet.player.cli.DurationConverter;
import org.audifleet.player.session.ExitCodes;
import org.audifleet.wire.HopTimes;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackControl;
import org.audifleet.wire.StreamId;
import org.audifleet.wire.Topics;
import org.audifleet.wire.WireSerdes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "command-to-sound", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Measures what an operator waits for, against running services, as separate station processes:",
            "",
            "command-to-sound: from the exec of `bin/player-agent play` (a new JVM, as when Enter is pressed) to its"
                + " first sample written to the output, --runs times, one at a time, each from a different start.",
            "",
            "control-to-sound: one `bin/player-agent daemon` started once; a PLAY control sent to it --daemon-runs"
                + " times (each 1 s after the last session ended), from the send to the daemon's first sample"
                + " written.",
            "",
            "Both play into WAV files under --work, watched from this process: the file growing past its 44-byte"
                + " header is the first sample written (the WAV sink writes each period straight to the file)."
                + " Prints every run, then p50/p95 and where the time went: a consumer of its own sees each"
                + " session's request and first block go by (request time stamps, hop headers)."},
        footer = {"", "Example (bin/bench-command-to-sound starts a fleet and runs this):",
            "  player-bench command-to-sound --runs 10 --daemon-runs 10"})
final class CommandToSoundCommand implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "10", paramLabel = "N",
            description = "`play` processes to time (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--daemon-runs", defaultValue = "10", paramLabel = "N",
            description = "PLAY controls to time on one daemon; 0 skips the daemon (default: ${DEFAULT-VALUE}).")
    int daemonRuns;

    @Option(names = "--player", defaultValue = "bin/player-agent", paramLabel = "FILE",
            description = "The station command to exec (default: ${DEFAULT-VALUE}, from the working directory).")
    Path player;

    @Option(names = "--origin", defaultValue = "demo", paramLabel = "NAME",
            description = "Origin (default: ${DEFAULT-VALUE}).")
    String origin;

    @Mixin
    SessionWindows windows;

    @Option(names = "--work", defaultValue = "demo-out/command-to-sound", paramLabel = "DIR",
            description = "Where the WAV files and the station logs go (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--bootstrap", defaultValue = "${env:AUDIFLEET_KAFKA_BOOTSTRAP:-127.0.0.1:9092}",
            paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final long FIRST_SAMPLE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final Duration PAUSE_BETWEEN_PLAYS = Duration.ofSeconds(1);

    @Override
    public Integer call() throws Exception {
        validate();
        StreamId streamId = StreamId.parse(windows.stream);
        Files.createDirectories(work);
        try (FleetTap tap = new FleetTap(bootstrap)) {
            Stages command = new Stages(runs);
            System.out.printf("command-to-sound: exec of `%s play` -> first sample written, %d runs of %s of data%n",
                    player, runs, DurationConverter.text(windows.duration));
            for (int i = 0; i < runs; i++) {
                playRun(streamId, i, tap, command);
                System.out.printf("  run %2d  %7.1f ms%n", i + 1, command.total[i]);
            }
            double[] cli = new double[3];
            for (int i = 0; i < cli.length; i++) {
                cli[i] = versionRun();
            }
            command.print("command-to-sound", "exec -> request built (JVM, classes, CLI, output, engine, Kafka clients,"
                    + " metadata, assignment)", median(cli));
            if (daemonRuns > 0) {
                Stages control = daemonRuns(streamId, runs, tap);
                control.print("control-to-sound", "PLAY sent -> request built (control delivered, session opened,"
                        + " assignment, status watcher)", Double.NaN);
            }
        }
        return ExitCodes.OK;
    }

    /** Checks what picocli's types cannot, so a bad command line exits 2 before anything is started. */
    void validate() {
        if (runs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--runs must be at least 1, got " + runs);
        }
        if (daemonRuns < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--daemon-runs must be 0 (no daemon) or more, got " + daemonRuns);
        }
        if (windows.duration.isZero() || windows.duration.isNegative() || windows.step.isNegative()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--duration must be positive and --step not negative");
        }
        if (!Files.isExecutable(player)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--player " + player
                    + " is not an executable file (run from the checkout, or give its path)");
        }
    }

    /** One `play` process, timed from just before its exec to its first sample in the WAV. */
    private void playRun(StreamId streamId, int session, FleetTap tap, Stages stages)
            throws IOException, InterruptedException {
        Instant from = windows.startOf(session);
        Path wav = work.resolve("play-" + session + ".wav");
        Path log = work.resolve("play-" + session + ".log");
        Path idFile = work.resolve("play-" + session + ".id");
        Files.deleteIfExists(wav);
        // The station picks its session id and writes it to --session-id-file; the tap keeps every session it sees.
        ProcessBuilder pb = new ProcessBuilder(player.toString(), "play", "--bootstrap", bootstrap,
                "--origin", origin, "--stream", streamId.toString(), "--start", from.toString(),
                "--duration", DurationConverter.text(windows.duration), "--output", "wav:" + wav, "--quiet", "--no-keys",
                "--session-id-file", idFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        long execMicros = Micros.now();
        long exec = System.nanoTime();
        Process p = pb.start();
        OptionalLong first = FirstSample.await(wav, p::isAlive, FIRST_SAMPLE_TIMEOUT_NANOS);
        int code = p.waitFor();
        if (first.isEmpty() || code != ExitCodes.OK) {
            throw new IllegalStateException("`play` run " + session + " exited " + code + (first.isEmpty()
                    ? " without writing a sample" : "") + "; its output: " + log + "\n" + tail(log));
        }
        FleetTap.Seen seen = tap.seen(UUID.fromString(Files.readString(idFile).trim()));
        stages.add(session, execMicros, execMicros + (first.getAsLong() - exec) / 1000, seen);
    }

    /** ms for `player --version`: the JVM, its class loading and the CLI, with nothing connected. */
    private double versionRun() throws IOException, InterruptedException {
        long t = System.nanoTime();
        Process p = new ProcessBuilder(player.toString(), "--version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.waitFor();
        return (System.nanoTime() - t) / 1e6;
    }

    /** One daemon, {@link #daemonRuns} PLAY controls, each timed from its send to its first sample. */
    private Stages daemonRuns(StreamId streamId, int firstSession, FleetTap tap) throws Exception {
        String station = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        Path log = work.resolve("daemon.log");
        System.out.printf("%ncontrol-to-sound: PLAY sent to `%s daemon --station %s` (started once) -> first sample"
                + " written, %d runs%n", player, station, daemonRuns);
        Process daemon = new ProcessBuilder(player.toString(), "daemon", "--station", station, "--bootstrap",
                bootstrap, "--output", "wav:" + work.resolve("daemon-{session}.wav")).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> copyLines(daemon, log, lines), "daemon-log");
        reader.setDaemon(true);
        reader.start();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<String, PlaybackControl> producer = new KafkaProducer<>(props, new StringSerializer(),
                new WireSerdes.PlaybackControlSerde())) {
            awaitLine(lines, daemon, "listening on", Duration.ofSeconds(60), log);
            // The bench's own producer connects once here, so no run pays for it.
            producer.partitionsFor(Topics.PLAYBACK_CONTROLS);
            Stages stages = new Stages(daemonRuns);
            for (int i = 0; i < daemonRuns; i++) {
                UUID id = UUID.randomUUID();
                FleetTap.Seen seen = tap.seen(id);
                Instant from = windows.startOf(firstSession + i);
                PlaybackControl play = new PlaybackControl(id, station, Micros.now(), new PlaybackControl.Play(origin,
                        streamId, Micros.of(from), Micros.of(from.plus(windows.duration)), 441));
                Path wav = work.resolve("daemon-" + id + ".wav");
                long sentMicros = Micros.now();
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(Topics.PLAYBACK_CONTROLS, play.key(), play));
                OptionalLong first = FirstSample.await(wav, daemon::isAlive, FIRST_SAMPLE_TIMEOUT_NANOS);
                if (first.isEmpty()) {
                    throw new IllegalStateException("the daemon wrote no sample for session " + id + "; its log: "
                            + log + "\n" + tail(log));
                }
                stages.add(i, sentMicros, sentMicros + (first.getAsLong() - sent) / 1000, seen);
                System.out.printf("  run %2d  %7.1f ms%n", i + 1, stages.total[i]);
                awaitLine(lines, daemon, "session " + id + ": played to the end", Duration.ofSeconds(120), log);
                // The daemon logs the end before it closes the session's Kafka clients; a PLAY that arrives
                // meanwhile waits for that close, which no operator's next PLAY would.
                Thread.sleep(PAUSE_BETWEEN_PLAYS.toMillis());
            }
            return stages;
        } finally {
            daemon.destroy(); // SIGTERM: the daemon's normal way to stop
            if (!daemon.waitFor(10, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
        }
    }

    private static void copyLines(Process p, Path log, BlockingQueue<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                var out = Files.newBufferedWriter(log)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.write(line);
                out.newLine();
                out.flush();
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("daemon-log: " + e.getMessage());
        }
    }

    private static void awaitLine(BlockingQueue<String> lines, Process p, String wanted, Duration timeout, Path log)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.contains(wanted)) {
                return;
            }
            if (line == null && !p.isAlive()) {
                break;
            }
        }
        throw new IllegalStateException("the daemon did not log '" + wanted + "' (exit "
                + (p.isAlive() ? "none, still running" : p.exitValue()) + "); its log: " + log + "\n" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        List<String> all = Files.readAllLines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - 15), all.size()));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return BenchCommand.percentile(sorted, 50);
    }

    /** Each run's total and where it went, from the tap's view of its request and first block. */
    private static final class Stages {
        static final String[] LATER = {
            "request built -> produced (the request's send; ms clock)",
            "produced -> fetcher received",
            "fetcher received -> block published (origin, chunk, decoder)",
            "block published -> visible to a read_committed consumer",
            "visible -> first sample written (station's fetch, buffer, render, write)"};

        final double[] total;
        final double[][] stage;

        Stages(int runs) {
            total = new double[runs];
            stage = new double[1 + LATER.length][runs];
        }

        void add(int run, long launchMicros, long firstSampleMicros, FleetTap.Seen seen) {
            total[run] = (firstSampleMicros - launchMicros) / 1000.0;
            Map<String, Long> hops = seen.firstBlockHops;
            long[] at = {launchMicros, seen.requestBuiltMicros, seen.requestProducedMicros,
                hops.getOrDefault(HopTimes.FETCHER_RECEIVED, 0L), hops.getOrDefault(HopTimes.BLOCK_PUBLISHED, 0L),
                seen.firstBlockVisibleMicros, firstSampleMicros};
            for (int s = 0; s < stage.length; s++) {
                stage[s][run] = at[s] > 0 && at[s + 1] > 0 ? (at[s + 1] - at[s]) / 1000.0 : Double.NaN;
            }
        }

        void print(String what, String firstStage, double cliMillis) {
            double[] sorted = total.clone();
            Arrays.sort(sorted);
            System.out.printf("%s: p50 %.1f ms, p95 %.1f ms (min %.1f, max %.1f; %d runs)%n", what,
                    BenchCommand.percentile(sorted, 50), BenchCommand.percentile(sorted, 95), sorted[0],
                    sorted[sorted.length - 1], sorted.length);
            System.out.println("  where it went, median ms of the runs (stages do not add up to the median total):");
            System.out.printf("  %8.1f  %s%n", median(stage[0]), firstStage);
            if (!Double.isNaN(cliMillis)) {
                System.out.printf("  %8s  (of which `--version` alone, JVM + classes + CLI: %.1f ms, median of 3)%n",
                        "", cliMillis);
            }
            for (int s = 1; s < stage.length; s++) {
                System.out.printf("  %8.1f  %s%n", median(stage[s]), LATER[s - 1]);
            }
            System.out.println();
        }
    }
}
