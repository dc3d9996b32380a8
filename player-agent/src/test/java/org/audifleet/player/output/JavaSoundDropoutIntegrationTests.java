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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The dropouts {@link JavaSoundOutput} counts are the ones a listener hears: a session (the engine on the PulseAudio
 * null sink, fed pseudo-random noise, which passes through bit-exactly at 100 Hz × 441) is recorded from the sink's
 * monitor, aligned with what the engine sent, and every stretch of silence the device inserted is found in the
 * recording ({@link SignalMath#insertedSilences}). Their count must equal the sink's, and each length must be
 * within one period of the sink's. Skipped without a device, as {@link JavaSoundDeviceIntegrationTests} is.
 */
class JavaSoundDropoutIntegrationTests {

    private static final int RATE = 44100;
    private static final int PERIOD = 512;
    private static final double PERIOD_MS = PERIOD * 1000.0 / RATE;
    private static final double FULL_SCALE = 1 << 23;
    /**
     * 3 s of silence first: an idle null sink stalls 1-2 s once it starts taking a new stream, with the line full
     * (so the sink cannot see it), and that stall came as late as 1.2 s into a session here; it must fall on
     * silence. The device test's 0.5 s lead is enough for its shorter session only because it has no noise early.
     */
    private static final int LEAD = 3 * RATE;

    private static SessionBuffer noiseSession(int frames) {
        int[] counts = new int[frames];
        long x = 0x9E3779B97F4A7C15L;
        for (int i = LEAD; i < frames; i++) {
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

    /** Plays the session, records it and compares what the sink counted with what the recording shows. */
    private static void playAndCompare(String label, int frames, long[] stallBefore, long[] stallNanos,
            Runnable whilePlaying) throws Exception {
        try (MonitorRecording recorder = new MonitorRecording()) {
            DeviceTee tee = new DeviceTee(frames + 4 * PERIOD, stallBefore, stallNanos);
            PlaybackEngine engine = new PlaybackEngine(EngineSettings.defaults(100), noiseSession(frames), tee);
            engine.setFullScale(FULL_SCALE);
            long t0 = System.nanoTime();
            engine.start();
            whilePlaying.run();
            assertThat(engine.awaitFinished(Duration.ofSeconds(frames / RATE + 40))).isTrue();
            long wallMs = (System.nanoTime() - t0) / 1_000_000;
            // A null sink that ran dry idles 1-2 s before it plays again: let the tail reach the monitor.
            Thread.sleep(2500);
            short[] recorded = recorder.stop();
            engine.close();
            assertThat(engine.failure()).isNull();

            double[] sent = tee.sentPcm16();
            // Align on the first 0.2 s of noise only: later audio is shifted by whatever silence came before.
            double[] head = Arrays.copyOf(sent, LEAD + RATE / 5);
            int lag = SignalMath.bestLag(recorded, head);
            assertThat(lag + LEAD).as("recording starts before the noise").isGreaterThanOrEqualTo(0);
            List<int[]> silences;
            try {
                silences = SignalMath.insertedSilences(recorded, lag, sent, LEAD, 10 * RATE, 2, 64);
            } catch (AssertionError e) {
                throw new AssertionError(label + ": " + e.getMessage() + "; the sink counted "
                        + tee.device.deviceDropouts() + " dropouts " + Arrays.toString(tee.device.dropoutLengthsMillis())
                        + " ms, lag " + lag, e);
            }
            int heard = 0;
            for (int[] s : silences) {
                heard += s[1];
            }
            assertThat(recorded.length).as("recording holds the whole playback")
                    .isGreaterThanOrEqualTo(lag + sent.length + heard);
            List<String> inRecording = new ArrayList<>();
            for (int[] s : silences) {
                inRecording.add(String.format("%.1f ms at %.2f s", s[1] * 1000.0 / RATE, s[0] / (double) RATE));
            }
            double[] counted = tee.device.dropoutLengthsMillis();
            System.out.printf("%s: %d frames in %d ms; sink counted %d dropouts (%.1f ms) %s, %d of them with the"
                    + " line full, line buffer now %d bytes; recording shows %d %s%n", label, sent.length, wallMs,
                    tee.device.deviceDropouts(), tee.device.dropoutMillis(), Arrays.toString(counted),
                    tee.device.deviceStalls(), tee.device.lineBufferBytes(),
                    silences.size(), inRecording);
            assertThat(tee.device.deviceDropouts()).as("dropouts counted vs heard " + inRecording)
                    .isEqualTo(silences.size());
            for (int k = 0; k < silences.size(); k++) {
                double heardMs = silences.get(k)[1] * 1000.0 / RATE;
                // Two periods: measured differences were 3-16 ms (the device takes audio in chunks of its own, so
                // "still queued" is known to about a period at each end of the episode).
                assertThat(counted[k]).as("dropout %d: counted vs heard", k + 1).isCloseTo(heardMs,
                        org.assertj.core.data.Offset.offset(2 * PERIOD_MS));
            }
        }
    }

    @Test
    void countsEachTimeTheLineRunsDryAndHowLongItWasSilent() throws Exception {
        // Two render-thread stalls longer than the line buffer (93 ms): 150 ms, then (the buffer has doubled to
        // 186 ms) 300 ms.
        playAndCompare("stalls", LEAD + 6 * RATE, new long[] {400, 650},
                new long[] {150_000_000L, 300_000_000L}, () -> { });
    }

    /**
     * Held back from the default run: it passes with the machine otherwise quiet or with 2 more busy processes
     * (6 of 6 runs, 0 dropouts counted and heard). With other builds running too (load 8-14 on 2 cores) the
     * recording itself lost audio (ENGINE.md, "Device dropouts"), and no count can match that. Run it with
     * {@code AUDIFLEET_DEVICE_STRESS=true}.
     */
    @Test
    @EnabledIfEnvironmentVariable(named = "AUDIFLEET_DEVICE_STRESS", matches = "true",
            disabledReason = "busy-cores dropout case runs only with AUDIFLEET_DEVICE_STRESS=true (see ENGINE.md)")
    void countsWhatTheRecordingShowsWhileBothCoresAreBusy() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        List<Process> busy = new ArrayList<>();
        try {
            MonitorRecording.requireOrSkip(MonitorRecording.onPath("sha256sum"), "no sha256sum on PATH");
            for (int i = 0; i < cores; i++) {
                busy.add(new ProcessBuilder("sha256sum", "/dev/zero").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start());
            }
            playAndCompare("busy cores (" + busy.size() + " x sha256sum on " + cores + ")", LEAD + 10 * RATE,
                    new long[0], new long[0], () -> { });
        } finally {
            for (Process p : busy) {
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
            }
        }
    }
}
