package org.audifleet.player.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.audifleet.player.engine.EngineSettings;
import org.audifleet.player.engine.PlaybackEngine;
import org.audifleet.player.engine.SessionBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The dropouts {@link JavaSoundOutput} counts are the ones a listener hears: a session (the engine on the PulseAudio
 * null sink, fed pseudo-random noise, which passes through bit-exactly at 100 Hz × 441) is recorded from the sink's
 * monitor, aligned with what the engine sent, and every place the recording parts from it is found
 * ({@link SignalMath#discontinuities}): inserted silence with the audio going on after it, or the shape a rewinding
 * sink leaves in its monitor (silence, then fewer missing frames; it played the difference as silence). In order,
 * each such silence must pair with a dropout the sink counted, within two periods (two silences less than
 * {@link DeviceLag#SETTLE_PERIODS} periods of audio apart may pair with one); one of at most two periods on either
 * side may stand alone.
 *
 * <p>Two recorders take the monitor at once, one at nice -10 and one in the real-time class with a 1 s record
 * buffer, so that each run shows whether the recording can be trusted: where they differ, a recorder lost audio;
 * where both lack more frames than the silence before them, the sound server dropped audio. Either way the run
 * proves nothing about the count, so it is played once more, with a line on stderr saying why; a second such run
 * fails. The busy-cores case is skipped above a machine load of {@value #MAX_LOAD_PER_CORE} a core; both are
 * skipped without a device, as {@link JavaSoundDeviceIntegrationTests} is.
 */
class JavaSoundDropoutIntegrationTests {

    private static final int RATE = 44100;
    private static final int PERIOD = 512;
    private static final double PERIOD_MS = PERIOD * 1000.0 / RATE;
    private static final double FULL_SCALE = 1 << 23;
    /**
     * 3 s of silence first: an idle null sink stalled 1-2 s once it started taking a new stream (measured with
     * rewinds, ENGINE.md, "Device dropouts"), with the line full (so the sink cannot see it), and that stall came
     * as late as 1.2 s into a session here; it must fall on silence. The device test's 0.5 s lead is enough for
     * its shorter session only because it has no noise early.
     */
    private static final int LEAD = 3 * RATE;

    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /**
     * Above 2 runnable tasks a core before the busy-cores case starts its own, the render thread at nice -5 gets
     * too little of a core: the device drops out again and again and the count no longer pairs up with the
     * recording (0 of 3 runs at load 7-15 on 2 cores; ENGINE.md, "Device dropouts").
     */
    private static final int MAX_LOAD_PER_CORE = 2;

    /** Skips (never fails) the test on a machine that other work keeps busier than {@link #MAX_LOAD_PER_CORE}. */
    private static void requireMachineLeftToThisTest() throws Exception {
        java.nio.file.Path loadavg = java.nio.file.Path.of("/proc/loadavg");
        double load = java.nio.file.Files.isReadable(loadavg)
                ? Double.parseDouble(java.nio.file.Files.readString(loadavg).split(" ")[0]) : 0;
        Assumptions.assumeTrue(load <= MAX_LOAD_PER_CORE * CORES, String.format("machine load %.1f on %d cores is"
                + " over %d a core before the test adds its own: the count is judged only on a machine that other"
                + " work leaves to this test (ENGINE.md, \"Device dropouts\")", load, CORES, MAX_LOAD_PER_CORE));
    }

    /**
     * What a test plays: {@code frames} in all, silent for the first {@code lead} and for {@code gapFrames} from
     * {@code gapAt} (0 for none), noise elsewhere.
     */
    private record Shape(int frames, int lead, int gapAt, int gapFrames) {

        static Shape leadThenNoise(int frames) {
            return new Shape(frames, LEAD, 0, 0);
        }

        boolean silentAt(int i) {
            return i < lead || (i >= gapAt && i < gapAt + gapFrames);
        }
    }

    private static SessionBuffer noiseSession(Shape shape) {
        int frames = shape.frames();
        int[] counts = new int[frames];
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < frames; i++) {
            if (shape.silentAt(i)) {
                continue;
            }
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            // ±0.25 full scale: loud enough that no sample of the noise is mistaken for inserted silence
            counts[i] = (int) ((x >> 40) % (long) (FULL_SCALE / 4));
        }
        SessionBuffer buffer = new SessionBuffer(frames);
        buffer.appendSamples(counts, 0, frames);
        buffer.endOfSession();
        return buffer;
    }

    /** What one played session showed: the sink's counts and the two recordings' discontinuities. */
    private record Run(JavaSoundOutput device, List<SignalMath.Discontinuity> heard,
            List<SignalMath.Discontinuity> heardBySecond) {

        /** Why this run cannot judge the count, or null when it can. */
        String untrustworthy() {
            if (!heard.equals(heardBySecond)) {
                return "the two recordings differ, so a recorder lost audio: " + describe(heard) + " vs "
                        + describe(heardBySecond);
            }
            if (heard.stream().anyMatch(SignalMath.Discontinuity::lostAudio)) {
                return "both recordings lack more frames the engine sent than the silence before them, so the sound"
                        + " server dropped them: "
                        + describe(heard);
            }
            return null;
        }
    }

    private static List<String> describe(List<SignalMath.Discontinuity> found) {
        List<String> out = new ArrayList<>();
        for (SignalMath.Discontinuity d : found) {
            out.add(d.describe(RATE));
        }
        return out;
    }

    /** Plays the session, and once more if the first run could not judge the count, then compares. */
    private static void playAndCompare(String label, Shape shape, long[] stallBefore, long[] stallNanos)
            throws Exception {
        playAndCompare(label, shape, stallBefore, stallNanos, false);
    }

    /**
     * As above; with {@code skipWhenUnjudgeable}, two runs whose recordings cannot judge the count skip the test (with
     * the reason and the load) instead of failing it: for a case played at whatever load the machine has, where
     * the sound server itself then drops or repeats frames (measured at load 25-27).
     */
    private static void playAndCompare(String label, Shape shape, long[] stallBefore, long[] stallNanos,
            boolean skipWhenUnjudgeable) throws Exception {
        Run run = play(label, shape, stallBefore, stallNanos);
        String why = run.untrustworthy();
        if (why != null) {
            System.err.println(label + ": playing again: " + why);
            run = play(label + " (second run)", shape, stallBefore, stallNanos);
            why = run.untrustworthy();
            if (skipWhenUnjudgeable) {
                Assumptions.assumeTrue(why == null, label + " at load " + load() + ": twice a run whose recording"
                        + " cannot judge the count: " + why);
            }
            assertThat(why).as(label + ": twice a run whose recording cannot judge the count").isNull();
        }
        double[] counted = run.device.dropoutLengthsMillis();
        List<String> inRecording = describe(run.heard);
        assertThat(run.device.deviceDropouts()).as("dropouts kept by length").isLessThanOrEqualTo(counted.length);
        // In order, each heard silence is one counted episode, its length within two periods (measured differences
        // were 3-16 ms: the device takes audio in chunks of its own, so "still queued" is known to about a period
        // at each end). A silence of at most two periods on either side may stand alone: its length is within the
        // same tolerance of nothing, and DeviceLag counts no rise that small (its TOLERANCE_PERIODS; a recording
        // here heard 11.9 ms that nothing counted).
        int c = 0;
        int h = 0;
        while (c < counted.length || h < run.heard.size()) {
            double heardMs = h < run.heard.size() ? run.heard.get(h).heardSilence() * 1000.0 / RATE : Double.NaN;
            double countedMs = c < counted.length ? counted[c] : Double.NaN;
            if (Math.abs(countedMs - heardMs) <= 2 * PERIOD_MS) {
                c++;
                h++;
            } else if (h + 1 < run.heard.size() && closeTogether(run.heard.get(h), run.heard.get(h + 1))
                    && Math.abs(countedMs - heardMs - run.heard.get(h + 1).heardSilence() * 1000.0 / RATE)
                            <= 2 * PERIOD_MS) {
                // Two silences close together: the sink counts one.
                c++;
                h += 2;
            } else if (heardMs <= DeviceLag.TOLERANCE_PERIODS * PERIOD_MS) {
                h++;
            } else if (countedMs <= DeviceLag.TOLERANCE_PERIODS * PERIOD_MS) {
                c++;
            } else {
                throw new AssertionError(String.format("dropouts counted %s ms vs heard %s: counted episode %d"
                        + " (%.1f ms) and heard silence %d (%.1f ms) do not pair up", Arrays.toString(counted),
                        inRecording, c + 1, countedMs, h + 1, heardMs));
            }
        }
    }

    /**
     * Two silences with less audio between them than {@link DeviceLag} waits for its new ceiling: the sink counts
     * them as one episode.
     */
    private static boolean closeTogether(SignalMath.Discontinuity first, SignalMath.Discontinuity next) {
        return next.at() - (first.at() + Math.max(0, first.skipped())) < DeviceLag.SETTLE_PERIODS * PERIOD;
    }

    private static Run play(String label, Shape shape, long[] stallBefore, long[] stallNanos) throws Exception {
        int frames = shape.frames();
        List<String> realTime = realTimeClassAllowed() ? List.of("chrt", "-f", "40") : List.of();
        try (MonitorRecording recorder = new MonitorRecording();
                MonitorRecording second = new MonitorRecording(realTime, List.of("--latency-msec=1000"))) {
            recorder.awaitFirstSamples();
            second.awaitFirstSamples();
            DeviceTee tee = new DeviceTee(frames + 4 * PERIOD, stallBefore, stallNanos);
            PlaybackEngine engine = new PlaybackEngine(EngineSettings.defaults(100), noiseSession(shape), tee);
            engine.setFullScale(FULL_SCALE);
            long t0 = System.nanoTime();
            engine.start();
            String[] niceOf = threadNiceValues();
            assertThat(engine.awaitFinished(Duration.ofSeconds(frames / RATE + 40))).isTrue();
            long wallMs = (System.nanoTime() - t0) / 1_000_000;
            // With rewinds a null sink that ran dry idled 1-2 s before it played again: let the tail reach the monitor.
            Thread.sleep(2500);
            short[] first = recorder.stop();
            short[] other = second.stop();
            engine.close();
            assertThat(engine.failure()).isNull();
            if (niceOf[1] != null) {
                assertThat(niceOf[1]).as("nice of the sound server's client thread (threaded-ml) vs the render "
                        + "thread's").isEqualTo(niceOf[0]);
            }

            double[] sent = tee.sentPcm16();
            List<SignalMath.Discontinuity> heard = heard(first, sent, shape.lead());
            List<SignalMath.Discontinuity> heardBySecond = heard(other, sent, shape.lead());
            JavaSoundOutput device = tee.device;
            System.out.printf("%s (load %s): %d frames in %d ms; sink counted %d dropouts (%.1f ms) %s, line buffer"
                    + " now %d bytes; recording shows %d %s%n", label, load(), sent.length, wallMs,
                    device.deviceDropouts(), device.dropoutMillis(), Arrays.toString(device.dropoutLengthsMillis()),
                    device.lineBufferBytes(), heard.size(), describe(heard));
            return new Run(device, heard, heardBySecond);
        }
    }

    private static List<SignalMath.Discontinuity> heard(short[] recorded, double[] sent, int lead) {
        // Align on the first 1024 frames of noise only: a dropout inside the window would shift its later part.
        int lag = SignalMath.bestLag(recorded, Arrays.copyOf(sent, lead + 1024));
        assertThat(lag + lead).as("recording starts before the noise").isGreaterThanOrEqualTo(0);
        return SignalMath.discontinuities(recorded, lag, sent, lead, 10 * RATE, 2, 64);
    }

    /** The machine's 1-minute load average, for the figures each run prints. */
    private static String load() throws Exception {
        java.nio.file.Path loadavg = java.nio.file.Path.of("/proc/loadavg");
        return java.nio.file.Files.isReadable(loadavg) ? java.nio.file.Files.readString(loadavg).split(" ")[0] : "?";
    }

    private static boolean realTimeClassAllowed() throws Exception {
        return MonitorRecording.onPath("chrt")
                && new ProcessBuilder("chrt", "-f", "40", "true").start().waitFor() == 0;
    }

    /**
     * The nice values of the render thread and of libpulse's {@code threaded-ml} (null where there is none), read
     * from /proc once both run: the client thread carries every period to the sound server, so it must not run at
     * a lower priority than the render thread ({@link JavaSoundOutput}).
     */
    private static String[] threadNiceValues() throws Exception {
        String[] nice = new String[2];
        for (int attempt = 0; attempt < 50 && nice[0] == null; attempt++) {
            Thread.sleep(20);
            java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
            for (java.io.File task : tasks == null ? new java.io.File[0] : tasks) {
                String stat;
                try {
                    stat = java.nio.file.Files.readString(new java.io.File(task, "stat").toPath());
                } catch (java.io.IOException gone) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                // fields after the name: state is the first, nice the 17th
                String value = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16];
                if (name.startsWith("audifleet-rende")) {
                    nice[0] = value;
                } else if (name.equals("threaded-ml")) {
                    nice[1] = value;
                }
            }
        }
        return nice;
    }

    @Test
    void countsEachTimeTheLineRunsDryAndHowLongItWasSilent() throws Exception {
        // Two render-thread stalls longer than the line buffer (93 ms): 150 ms, then (the buffer has doubled to
        // 186 ms) 300 ms.
        playAndCompare("stalls", Shape.leadThenNoise(LEAD + 6 * RATE), new long[] {400, 650},
                new long[] {150_000_000L, 300_000_000L});
    }

    /**
     * A session shaped like the demo's (1 h at 441x: 360,000 frames, 8.16 s of noise) while every core is kept busy
     * by a {@code sha256sum} of its own. Ideally nothing is heard or counted; whatever is heard must be counted.
     */
    @Test
    void countsWhatTheRecordingShowsWhileBothCoresAreBusy() throws Exception {
        requireMachineLeftToThisTest();
        int cores = CORES;
        List<Process> busy = new ArrayList<>();
        try {
            MonitorRecording.requireOrSkip(MonitorRecording.onPath("sha256sum"), "no sha256sum on PATH");
            for (int i = 0; i < cores; i++) {
                busy.add(new ProcessBuilder("sha256sum", "/dev/zero").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start());
            }
            playAndCompare("busy cores (" + busy.size() + " x sha256sum on " + cores + ")",
                    Shape.leadThenNoise(LEAD + 360_000),
                    new long[0], new long[0]);
        } finally {
            for (Process p : busy) {
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * {@code bin/demo}'s session as the sound card gets it (1 h at 441x: 360,000 frames): audio from the first frame,
     * no lead, and the 408 ms gap (18,000 frames) of the hour's missing data in the middle, played at whatever load
     * the machine has. On the null sink this counted one dropout of about a line buffer (92.5-99.3 ms) that no
     * recording showed, in 3 of 4 demo runs at load 2-4 (ENGINE.md, "Device dropouts"): whatever is counted must be
     * heard, and whatever is heard counted. Skipped, saying why, when twice the sound server itself lost frames.
     */
    @Test
    void countsWhatTheRecordingShowsForASessionShapedLikeTheDemo() throws Exception {
        playAndCompare("demo-shaped session", new Shape(360_000, 0, 252_000, 18_000), new long[0], new long[0], true);
    }
}
