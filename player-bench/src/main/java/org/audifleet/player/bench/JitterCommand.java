package org.audifleet.player.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.audifleet.player.engine.EngineSettings;
import org.audifleet.player.engine.EngineState;
import org.audifleet.player.engine.PlaybackEngine;
import org.audifleet.player.engine.SessionBuffer;
import org.audifleet.player.session.ExitCodes;
import org.audifleet.player.output.AudioOutput;
import org.audifleet.player.output.Outputs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "jitter", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Plays a synthetic session held in memory (no fleet) to each output in turn and measures the render"
                + " thread: the interval between successive periods handed to the output (nominal 512 / 44100 s ="
                + " 11.61 ms) as p50/p95/p99/max, the time spent rendering a period, and the bytes the JVM charged"
                + " to the render thread per period after warm-up (goal: 0).",
            "",
            "For a sound device start one first, e.g. eval \"$(infra/sound/null-sink start)\"; --output auto then"
                + " plays through Java Sound into the PulseAudio null sink."},
        footer = {"", "Example:", "  player-agent jitter --output null:realtime,auto --seconds 60 --warm-up 10"})
final class JitterCommand implements Callable<Integer> {

    @Option(names = "--output", split = ",", defaultValue = "null:realtime", paramLabel = "SPEC[,SPEC...]",
            description = "Outputs to measure one after another: null:realtime, auto, device:NAME"
                + " (default: ${DEFAULT-VALUE}).")
    List<String> outputs;

    @Option(names = "--seconds", defaultValue = "60", paramLabel = "S",
            description = "Audio seconds played per output, warm-up included (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--warm-up", defaultValue = "10", paramLabel = "S",
            description = "Seconds at the start left out of every figure (default: ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--window", defaultValue = "5", paramLabel = "S",
            description = "Allocation is read once per window of this many seconds (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--speed", defaultValue = "1.0", paramLabel = "X",
            description = "Speed multiplier on 441x; 1.0 is the bit-exact path, e.g. 1.3 the filtered one"
                + " (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--line-buffer", defaultValue = "8192", paramLabel = "BYTES",
            description = "Java Sound line buffer for device outputs (default: ${DEFAULT-VALUE}).")
    int lineBuffer;

    @Override
    public Integer call() throws Exception {
        if (warmUp + window > seconds) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--seconds must leave at least one --window after --warm-up");
        }
        EngineSettings settings = EngineSettings.defaults(100.0);
        System.out.printf("render thread jitter and allocation: %d s per output (first %d s left out), speed %.2f"
                + " (step %.3f), %d-frame periods at %d Hz = %.2f ms nominal%n", seconds, warmUp, speed,
                settings.baseStep() * speed, settings.periodFrames(), settings.deviceRate(),
                settings.periodFrames() * 1000.0 / settings.deviceRate());
        int failures = 0;
        for (String output : outputs) {
            failures += measure(settings, output) ? 0 : 1;
        }
        return failures == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private boolean measure(EngineSettings settings, String output) throws InterruptedException {
        long frames = (long) seconds * settings.deviceRate();
        long samples = (long) Math.ceil(frames * settings.baseStep() * speed) + 1000;
        SessionBuffer buffer = new SessionBuffer(samples);
        int[] block = new int[6000];
        for (long at = 0; at < samples; at += block.length) {
            int n = (int) Math.min(block.length, samples - at);
            for (int i = 0; i < n; i++) {
                long k = at + i;
                block[i] = (int) (2_000_000 * Math.sin(k * 0.031) + 500_000 * Math.sin(k * 0.53));
            }
            buffer.appendSamples(block, 0, n);
        }
        buffer.endOfSession();

        List<String> notices = new ArrayList<>();
        AudioOutput device = Outputs.open(output, settings.sinkFormat(), lineBuffer,
                Path.of(System.getProperty("java.io.tmpdir"), "audifleet-jitter.wav"), notices::add);
        notices.forEach(n -> System.out.println("  " + n));
        int periodsPerSecond = (int) Math.ceil((double) settings.deviceRate() / settings.periodFrames());
        PeriodProbe probe = new PeriodProbe(device, (seconds + 2) * periodsPerSecond);
        PlaybackEngine engine = new PlaybackEngine(settings, buffer, probe);
        engine.setSpeed(speed);
        engine.setFullScale(3_000_000);
        System.out.printf("%n== %s: %s (%s)%n", output, device.describe(),
                device.realTime() ? "real time" : "not real time: timing shows render speed only");
        engine.start();
        List<long[]> marks = new ArrayList<>(); // {periods, allocated bytes}
        try {
            Thread.sleep(warmUp * 1000L);
            long end = System.nanoTime() + (long) (seconds - warmUp - 1) * 1_000_000_000L;
            while (engine.state() != EngineState.FINISHED) {
                marks.add(new long[] {probe.periods(), probe.renderThreadAllocatedBytes()});
                if (System.nanoTime() + window * 1_000_000_000L > end) {
                    break;
                }
                Thread.sleep(window * 1000L);
            }
            // Stop before the end of the session: shutting the sink down (drain, close) is not the render loop.
            if (!device.realTime()) {
                marks.add(new long[] {probe.periods(), probe.renderThreadAllocatedBytes()});
            }
        } finally {
            engine.close();
        }
        if (engine.failure() != null) {
            System.out.println("  engine failed: " + engine.failure());
            return false;
        }
        if (marks.size() < 2) {
            System.out.println("  too short to measure (session ended during warm-up?)");
            return false;
        }
        StringBuilder perWindow = new StringBuilder();
        long totalBytes = 0;
        long totalPeriods = 0;
        for (int i = 1; i < marks.size(); i++) {
            long p = marks.get(i)[0] - marks.get(i - 1)[0];
            long b = marks.get(i)[1] - marks.get(i - 1)[1];
            totalBytes += b;
            totalPeriods += p;
            perWindow.append(i == 1 ? "" : ", ").append(b).append(" B/").append(p);
        }
        System.out.printf("  allocated by the render thread after warm-up: %d bytes in %d periods (%.3f B/period);"
                + " windows [%s]%n", totalBytes, totalPeriods, totalPeriods == 0 ? Double.NaN
                        : (double) totalBytes / totalPeriods, perWindow);
        int from = (int) marks.get(0)[0];
        int to = (int) marks.get(marks.size() - 1)[0];
        PeriodProbe.Timing timing = probe.timing(from, to);
        System.out.println("  " + PeriodProbe.Timing.header());
        for (String row : timing.rows().split(System.lineSeparator())) {
            System.out.println("  " + row);
        }
        double bufferMs = device.realTime() && !output.startsWith("null") ? lineBuffer / 2 * 1000.0
                / settings.deviceRate() : Double.NaN;
        System.out.printf("  intervals > 2 periods (%.1f ms): %d; > line buffer%s: %s; underruns %d;"
                + " periods %d (%.1f s)%n", 2 * timing.nominalMs(), timing.longerThan(2 * timing.nominalMs()),
                Double.isNaN(bufferMs) ? "" : String.format(" (%.1f ms)", bufferMs),
                Double.isNaN(bufferMs) ? "n/a" : String.valueOf(timing.longerThan(bufferMs)),
                engine.stats().underruns(), probe.periods(), engine.stats().framesRendered() / (double) settings.deviceRate());
        System.out.println("  longest intervals: " + probe.longest(from, to, 5));
        return true;
    }
}
