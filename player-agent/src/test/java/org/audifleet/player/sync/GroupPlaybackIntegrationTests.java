package org.audifleet.player.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.audifleet.player.output.MonitorRecording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two station processes ({@link GroupStation}) follow one group plan (Start, Pause, Resume, Seek, Speed 1.5x) on a
 * real device path: each on its own PulseAudio {@code module-remap-sink}, the left and the right channel of one
 * stereo null sink, the second under {@code faketime -f '+0.137s x1.00005'} (its fleet clock corrects the known
 * skew: the engine part, not the time service, is under test). {@code parec} records the stereo monitor; the two
 * channels are cross-correlated in 20 ms windows every 10 ms and the offsets' distribution printed. Skips without a
 * sound server, {@code pactl}, {@code parec} or {@code faketime} (fails instead with
 * AUDIFLEET_REQUIRE_SOUND_DEVICE=true).
 */
class GroupPlaybackIntegrationTests {

    private static final int RATE = 44_100;

    @Test
    void twoStationsOnOneRecordedSinkPlayTheGroupPlanTogether(@TempDir Path dir) throws Exception {
        for (String tool : List.of("pactl", "parec", "faketime")) {
            MonitorRecording.requireOrSkip(MonitorRecording.onPath(tool), "no " + tool + " on PATH");
        }
        MonitorRecording.requireOrSkip(run("pactl", "info") == 0,
                "no PulseAudio server (eval \"$(infra/sound/null-sink start)\")");
        String room = "group" + ProcessHandle.current().pid();
        List<String> modules = new ArrayList<>();
        try {
            modules.add(load("module-null-sink", "sink_name=" + room, "rate=44100", "channels=2",
                    "channel_map=front-left,front-right", "format=s16le"));
            for (int i = 0; i < 2; i++) {
                modules.add(load("module-remap-sink", "sink_name=" + room + "-" + i, "master=" + room, "channels=1",
                        "channel_map=mono", "master_channel_map=" + (i == 0 ? "front-left" : "front-right"),
                        "remix=no", "rate=44100"));
            }
            Path raw = dir.resolve("room.raw");
            Process parec = new ProcessBuilder("parec", "--device=" + room + ".monitor", "--raw", "--format=s16le",
                    "--rate=44100", "--channels=2", "--channel-map=front-left,front-right", "--latency-msec=20")
                    .redirectOutput(raw.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long start = System.currentTimeMillis() + 7000; // two JVMs start within it at this machine's load
            Process[] stations = {station(room + "-0", start, List.of(), 0, 0, dir.resolve("st0.log")),
                station(room + "-1", start, List.of("faketime", "-f", "+0.137s x1.00005"), 0.137, 50,
                        dir.resolve("st1.log"))};
            for (Process p : stations) {
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("station finished").isTrue();
            }
            parec.destroy();
            parec.waitFor(10, TimeUnit.SECONDS);
            for (int i = 0; i < 2; i++) {
                String log = Files.readString(dir.resolve("st" + i + ".log"));
                System.out.println("station " + i + ":\n" + log);
                assertThat(stations[i].exitValue()).as("station %d exit (log above)", i).isZero();
            }
            double[] offsets = offsetsMillis(Files.readAllBytes(raw));
            double[] abs = Arrays.stream(offsets).map(Math::abs).sorted().toArray();
            System.out.printf("group playback, 2 stations (one under faketime): %d windows, |offset| ms p50 %.3f"
                    + " p99 %.3f max %.3f (load %s)%n", abs.length, pct(abs, 0.5), pct(abs, 0.99),
                    abs[abs.length - 1], loadAverage());
            assertThat(abs.length).as("windows where both channels played the same audio").isGreaterThan(50);
        } finally {
            for (int i = modules.size() - 1; i >= 0; i--) {
                run("pactl", "unload-module", modules.get(i));
            }
        }
    }

    private static Process station(String sink, long startMillis, List<String> prefix, double shift, double ppm,
            Path log) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:ThreadPriorityPolicy=1", "-cp", System.getProperty("java.class.path"),
                GroupStation.class.getName(), Long.toString(startMillis), Long.toString(System.currentTimeMillis()
                        * 1_000_000L), Double.toString(shift), Double.toString(ppm)));
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().put("PULSE_SINK", sink);
        return b.start();
    }

    /** Windowed cross-correlation of the left and right channel: R's lag behind L, ms, where both carry audio. */
    static double[] offsetsMillis(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int n = raw.length / 4;
        float[] l = new float[n];
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            l[i] = b.getShort();
            r[i] = b.getShort();
        }
        int win = RATE / 50;
        int hop = RATE / 100;
        int maxLag = RATE / 200; // ±5 ms
        List<Double> out = new ArrayList<>();
        double[] c = new double[2 * maxLag + 1];
        for (int s = maxLag; s + win + maxLag < n; s += hop) {
            double el = 0;
            for (int i = 0; i < win; i++) {
                el += l[s + i] * l[s + i];
            }
            if (el < win * 1e4) {
                continue; // silence: a pause, the start
            }
            int best = 0;
            for (int k = -maxLag; k <= maxLag; k++) {
                double sum = 0;
                for (int i = 0; i < win; i++) {
                    sum += l[s + i] * r[s + i + k];
                }
                c[k + maxLag] = sum;
                if (sum > c[best]) {
                    best = k + maxLag;
                }
            }
            double er = 0;
            for (int i = 0; i < win; i++) {
                er += r[s + best - maxLag + i] * r[s + best - maxLag + i];
            }
            if (c[best] / Math.sqrt(el * er) < 0.5 || best == 0 || best == c.length - 1) {
                continue; // not the same audio within ±5 ms
            }
            double frac = 0.5 * (c[best - 1] - c[best + 1]) / (c[best - 1] - 2 * c[best] + c[best + 1]);
            out.add((best - maxLag + frac) * 1000.0 / RATE);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double pct(double[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    private static String load(String module, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("pactl", "load-module", module));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).as("pactl load-module %s: %s", module, out).isZero();
        return out;
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(
                ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static String loadAverage() {
        try {
            return Files.readString(new File("/proc/loadavg").toPath()).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
