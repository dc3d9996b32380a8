package org.audifleet.player.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.audifleet.player.cli.DurationConverter;
import org.audifleet.player.engine.EngineState;
import org.audifleet.player.engine.PlaybackEngine;
import org.audifleet.player.session.ExitCodes;
import org.audifleet.player.session.FleetException;
import org.audifleet.player.session.SessionReport;
import org.audifleet.player.session.StationSession;
import org.audifleet.player.output.AudioOutput;
import org.audifleet.player.output.NullOutput;
import org.audifleet.player.output.Outputs;
import org.audifleet.wire.HopTimes;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.StreamId;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Plays one long main session on a real-time output while other sessions stream through the same"
                + " fleet, each on its own engine and Kafka clients, all requested at the same instant. Prints the"
                + " main session's underruns, frames, time to first audio and period timing, when each session"
                + " got its first audio, and whether each one completed.",
            "",
            "Two processes can share one start: give both the same --at (bin/bench-soak does), one with"
                + " --no-main --others 20 and one with --others 0."},
        footer = {"", "Example (a fleet with a 24 h store running, PulseAudio null sink started):",
            "  player-agent soak --duration 24h --output auto --others 20"})
final class SoakCommand implements Callable<Integer> {

    @Option(names = "--origin", defaultValue = "demo", paramLabel = "NAME",
            description = "Origin of every session (default: ${DEFAULT-VALUE}).")
    String origin;

    @Option(names = "--stream", defaultValue = "XX.DEMO..HHZ", paramLabel = "NET.STA.LOC.CHA",
            description = "Stream (default: ${DEFAULT-VALUE}).")
    String stream;

    @Option(names = "--start", defaultValue = "2024-01-01T00:00:00Z", paramLabel = "TIME",
            description = "Start of the stored data; the main session starts here (default: ${DEFAULT-VALUE}).")
    Instant start;

    @Option(names = "--duration", defaultValue = "24h", converter = DurationConverter.class, paramLabel = "LENGTH",
            description = "Main session's data time (default: ${DEFAULT-VALUE}: plays in 196 s at 441x).")
    Duration duration;

    @Option(names = "--main", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Play the main session in this process (default: ${DEFAULT-VALUE}).")
    boolean main;

    @Option(names = "--output", defaultValue = "auto", paramLabel = "SPEC",
            description = "Main session's output: auto (the sound device), null:realtime, device:NAME"
                + " (default: ${DEFAULT-VALUE}). A WAV fallback is reported as not real time.")
    String output;

    @Option(names = "--line-buffer", defaultValue = "8192", paramLabel = "BYTES",
            description = "Java Sound line buffer of the main session's device output (default: ${DEFAULT-VALUE}).")
    int lineBuffer;

    @Option(names = "--others", defaultValue = "20", description = "Other sessions (default: ${DEFAULT-VALUE}).")
    int others;

    @Option(names = "--others-min", defaultValue = "1h", converter = DurationConverter.class, paramLabel = "LENGTH",
            description = "Shortest other session (default: ${DEFAULT-VALUE}).")
    Duration othersMin;

    @Option(names = "--others-max", defaultValue = "6h", converter = DurationConverter.class, paramLabel = "LENGTH",
            description = "Longest other session; lengths cycle from min to max in whole hours"
                + " (default: ${DEFAULT-VALUE}).")
    Duration othersMax;

    @Option(names = "--others-span", defaultValue = "24h", converter = DurationConverter.class, paramLabel = "LENGTH",
            description = "Stored data after --start the other sessions start within (default: ${DEFAULT-VALUE}).")
    Duration othersSpan;

    @Option(names = "--others-output", defaultValue = "paced", paramLabel = "KIND",
            description = {"Where the other sessions play (default: ${DEFAULT-VALUE}):",
                "paced: discarded at device speed from the first period written, like a sound card"
                    + " (NullOutput's DeviceClock);",
                "unpaced: discarded as fast as data comes."})
    String othersOutput;

    @Option(names = "--at", paramLabel = "EPOCH_MS",
            description = "Wall-clock instant (ms since the epoch) to send every request at; default: 3 s from now.")
    Long at;

    @Option(names = "--first-audio-timeout", defaultValue = "300s", converter = DurationConverter.class,
            paramLabel = "LENGTH", description = "Per session (default: ${DEFAULT-VALUE}; requests queue at the fetcher).")
    Duration firstAudioTimeout;

    @Option(names = "--stall-timeout", defaultValue = "300s", converter = DurationConverter.class, paramLabel = "LENGTH",
            description = "Per session (default: ${DEFAULT-VALUE}).")
    Duration stallTimeout;

    @Option(names = "--bootstrap", defaultValue = "${env:AUDIFLEET_KAFKA_BOOTSTRAP:-127.0.0.1:9092}",
            paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    /** One session's course, in nanoseconds since the common start (-1: did not happen). */
    private static final class Run {
        final String name;
        final Instant from;
        final Duration length;
        final StationSession session;
        final PlaybackEngine engine;
        final PeriodProbe probe;
        volatile long firstBlockNs = -1;
        volatile long firstAudioNs = -1;
        volatile long deliveredNs = -1;
        volatile long finishedNs = -1;
        volatile long samples;
        volatile Map<String, Long> hops = Map.of();
        volatile String error;

        Run(String name, Instant from, Duration length, StationSession session, PeriodProbe probe) {
            this.name = name;
            this.from = from;
            this.length = length;
            this.session = session;
            this.engine = session.engine();
            this.probe = probe;
        }
    }

    @Override
    public Integer call() throws Exception {
        StreamId streamId = StreamId.parse(stream);
        List<Run> runs = new ArrayList<>();
        if (main) {
            PeriodProbe[] probe = new PeriodProbe[1];
            StationSession session = session(streamId, start, duration).open(format -> {
                List<String> notices = new ArrayList<>();
                AudioOutput device = Outputs.open(output, format, lineBuffer,
                        Path.of(System.getProperty("java.io.tmpdir"), "audifleet-soak.wav"), notices::add);
                notices.forEach(n -> System.out.println("soak: " + n));
                long frames = duration.toSeconds() * 100; // 100 Hz data at 441x: one frame per sample
                probe[0] = new PeriodProbe(device, (int) (frames / format.periodFrames()) + 20_000);
                return probe[0];
            });
            runs.add(new Run("main", start, duration, session, probe[0]));
            System.out.printf("soak: main session %s + %s on %s (%s)%n", start, DurationConverter.text(duration),
                    session.output().describe(), session.output().realTime() ? "real time"
                            : "NOT real time: underruns are not counted");
        }
        long minH = Math.max(1, othersMin.toHours());
        long maxH = Math.max(minH, othersMax.toHours());
        for (int i = 0; i < others; i++) {
            Duration length = Duration.ofHours(minH + i % (maxH - minH + 1));
            long room = Math.max(1, othersSpan.minus(length).toMinutes());
            Instant from = start.plus(Duration.ofMinutes((i * 173L + 37) % room)); // spread, never the main start
            runs.add(new Run("other-" + (i + 1), from, length,
                    session(streamId, from, length).open(format -> othersSink()), null));
        }
        if (!main && others > 0) {
            System.out.printf("soak: %d other sessions of %d-%d h into %s%n", others, minH, maxH,
                    othersSink().describe() + " (--others-output " + othersOutput + ")");
        }

        long atMs = at != null ? at : System.currentTimeMillis() + 3000;
        // One monotonic origin for every figure, derived from the shared wall-clock start.
        long t0 = System.nanoTime() + (atMs - System.currentTimeMillis()) * 1_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (Run run : runs) {
            Thread t = new Thread(() -> play(run, atMs, t0), "soak-" + run.name);
            t.start();
            threads.add(t);
        }
        Run mainRun = main ? runs.get(0) : null;
        long allocBefore = -1;
        int periodsBefore = 0;
        if (mainRun != null) {
            // Allocation of the main render thread, from 10 s after its first audio to 5 s before its end.
            while (mainRun.engine.stats().firstAudioNanos().isEmpty() && mainRun.finishedNs < 0) {
                Thread.sleep(50);
            }
            Thread.sleep(10_000);
            allocBefore = mainRun.probe.renderThreadAllocatedBytes();
            periodsBefore = mainRun.probe.periods();
        }
        long allocAfter = -1;
        int periodsAfter = 0;
        if (mainRun != null && mainRun.engine.state() != EngineState.FINISHED) {
            long playNanos = (long) (duration.toSeconds() * 1e9 / 441);
            long stopAt = mainRun.engine.stats().firstAudioNanos().orElse(System.nanoTime()) + playNanos - 5_000_000_000L;
            while (System.nanoTime() < stopAt && mainRun.engine.state() != EngineState.FINISHED) {
                Thread.sleep(100);
            }
            allocAfter = mainRun.probe.renderThreadAllocatedBytes();
            periodsAfter = mainRun.probe.periods();
        }
        for (Thread t : threads) {
            t.join();
        }
        report(runs, allocBefore, allocAfter, periodsBefore, periodsAfter, lineBuffer);
        boolean ok = runs.stream().allMatch(r -> r.error == null)
                && (mainRun == null || mainRun.engine.stats().underruns() == 0);
        return ok ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private StationSession.Builder session(StreamId streamId, Instant from, Duration length) {
        PlaybackRequest request = new PlaybackRequest(UUID.randomUUID(), origin, streamId, Micros.of(from),
                Micros.of(from.plus(length)), Micros.now());
        return StationSession.of(bootstrap, request).timeouts(firstAudioTimeout, stallTimeout);
    }

    private void play(Run run, long atMs, long t0) {
        PlaybackEngine engine = run.engine;
        try (StationSession session = run.session) {
            session.start();
            long wait;
            while ((wait = atMs - System.currentTimeMillis()) > 0) {
                Thread.sleep(Math.min(wait, 50));
            }
            SessionReport report = session.play();
            run.deliveredNs = System.nanoTime() - t0;
            run.firstBlockNs = report.firstBlockNanos() - t0;
            run.samples = report.samples() + report.gapSamples();
            run.hops = report.hops();
            session.awaitEnd(run.length.dividedBy(441).plusSeconds(60));
        } catch (FleetException e) {
            run.error = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.error = "interrupted";
        } catch (RuntimeException e) {
            run.error = e.toString();
        } finally {
            engine.close();
            run.finishedNs = System.nanoTime() - t0;
            engine.stats().firstAudioNanos().ifPresent(ns -> run.firstAudioNs = ns - t0);
            if (run.error == null && engine.failure() != null) {
                run.error = "output failed: " + engine.failure();
            }
            if (run.error == null && engine.state() != EngineState.FINISHED) {
                run.error = "did not finish playing";
            }
        }
    }

    private static void report(List<Run> runs, long allocBefore, long allocAfter,
            int periodsBefore, int periodsAfter, int lineBufferBytes) {
        System.out.println();
        System.out.printf("%-9s %-20s %5s %9s %9s %9s %9s %9s %9s %9s %9s %9s %6s  %s%n", "session", "from",
                "hours", "fetch rcv", "origin", "published", "dec rcv", "1st block", "1st audio", "delivered", "finished", "played s", "undrn",
                "result");
        int deviceRate = runs.get(0).engine.settings().deviceRate();
        double[] firstAudio = new double[runs.size()];
        int i = 0;
        int completed = 0;
        for (Run r : runs) {
            long frames = r.engine.stats().framesRendered();
            boolean complete = r.error == null && r.samples == r.length.toSeconds() * 100;
            completed += complete ? 1 : 0;
            firstAudio[i++] = r.firstAudioNs < 0 ? Double.NaN : r.firstAudioNs / 1e9;
            System.out.printf("%-9s %-20s %5d %9s %9s %9s %9s %9s %9s %9s %9s %9.1f %6d  %s%n", r.name, r.from,
                    r.length.toHours(), hop(r, HopTimes.FETCHER_RECEIVED), hop(r, HopTimes.ORIGIN_ANSWERED),
                    hop(r, HopTimes.CHUNK_PUBLISHED), hop(r, HopTimes.DECODER_RECEIVED),
                    sec(r.firstBlockNs), sec(r.firstAudioNs), sec(r.deliveredNs), sec(r.finishedNs),
                    frames / (double) deviceRate, r.engine.stats().underruns(),
                    r.error != null ? r.error : complete ? "complete" : "short: " + r.samples + " samples");
        }
        System.out.println("(seconds since every request was sent together; the session's first chunk: fetch rcv ="
                + " fetcher took the request, origin = origin answered, published = chunk on chunks.raw, dec rcv ="
                + " decoder took it; underruns count only on real-time outputs; played s"
                + " includes underrun silence)");
        double[] sorted = Arrays.stream(firstAudio).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (sorted.length > 0) {
            System.out.printf("soak: first audio for %d of %d sessions: min %.1f s, p50 %.1f s, max %.1f s%n",
                    sorted.length, runs.size(), sorted[0], BenchCommand.percentile(sorted, 50),
                    sorted[sorted.length - 1]);
        }
        System.out.printf("soak: %d of %d sessions complete%n", completed, runs.size());
        Run m = runs.get(0);
        if (m.probe != null) {
            System.out.printf("soak: main: underruns %d, frames %d (%.1f s), TTFA %s s, first block %s s,"
                    + " delivered %s s, %s%n", m.engine.stats().underruns(), m.engine.stats().framesRendered(),
                    m.engine.stats().framesRendered() / (double) deviceRate, sec(m.firstAudioNs),
                    sec(m.firstBlockNs), sec(m.deliveredNs), m.probe.describe());
            if (allocBefore >= 0 && allocAfter >= 0) {
                long periods = periodsAfter - periodsBefore;
                System.out.printf("soak: main render thread allocated %d bytes in %d periods (%.3f B/period)%n",
                        allocAfter - allocBefore, periods, periods == 0 ? Double.NaN
                                : (double) (allocAfter - allocBefore) / periods);
            }
            PeriodProbe.Timing timing = m.probe.timing(Math.max(0, periodsBefore - 1), periodsAfter > 0
                    ? periodsAfter : m.probe.periods());
            System.out.println("soak: main period timing from 10 s after first audio:");
            System.out.println("  " + PeriodProbe.Timing.header());
            for (String row : timing.rows().split(System.lineSeparator())) {
                System.out.println("  " + row);
            }
            // An interval longer than the line buffer holds means the line ran dry (16-bit mono: 2 bytes a frame).
            double lineMs = lineBufferBytes / 2.0 * 1000 / m.engine.settings().deviceRate();
            System.out.printf("  intervals > 2 periods (%.1f ms): %d, > the line buffer (%.1f ms): %d; longest: %s%n",
                    2 * timing.nominalMs(), timing.longerThan(2 * timing.nominalMs()), lineMs, timing.longerThan(lineMs),
                    m.probe.longest(Math.max(0, periodsBefore - 1), periodsAfter > 0 ? periodsAfter
                            : m.probe.periods(), 5));
        }
    }

    private static String hop(Run r, String name) {
        Long at = r.hops.get(name);
        Long sent = r.hops.get(HopTimes.REQUEST_SENT);
        return at == null || sent == null ? "-" : String.format("%.1f", (at - sent) / 1e6);
    }

    private AudioOutput othersSink() {
        return switch (othersOutput) {
            case "paced" -> new NullOutput(true);
            case "unpaced" -> new NullOutput(false);
            default -> throw new CommandLine.ParameterException(new CommandLine(this),
                    "--others-output must be paced or unpaced, not '" + othersOutput + "'");
        };
    }

    private static String sec(long ns) {
        return ns < 0 ? "-" : String.format("%.1f", ns / 1e9);
    }
}
