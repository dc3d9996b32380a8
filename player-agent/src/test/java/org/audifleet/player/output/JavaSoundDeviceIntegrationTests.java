package org.audifleet.player.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.audifleet.player.engine.EngineSettings;
import org.audifleet.player.engine.PlaybackEngine;
import org.audifleet.player.engine.SessionBuffer;
import org.junit.jupiter.api.Test;

/**
 * Plays through the real Java Sound path into a PulseAudio null sink and records its monitor with {@code parec}.
 * The CI script starts PulseAudio ({@code module-null-sink sink_name=station}) and exports XDG_RUNTIME_DIR; this
 * test only looks for it ({@link MonitorRecording}). Without a device or {@code parec} it skips, unless
 * {@code AUDIFLEET_REQUIRE_SOUND_DEVICE=true}, when it fails.
 */
class JavaSoundDeviceIntegrationTests {

    private static final OutputFormat FORMAT = OutputFormat.mono(44100, 512);
    private static final double FULL_SCALE = 1 << 23;
    private static final double AMPLITUDE = 0.5;
    /** Chirp from 0.0025 to 0.01 cycles per sample: 110–441 Hz at 441×, up to 662 Hz at 1.5× speed. */
    private static final double F0 = 0.0025;
    private static final double F1 = 0.01;
    /** 0.5 s of silence first: an idle null sink stalls ~1–2 s on the first write, and what is written then never
     *  reaches the monitor, so the stall must fall on silence. */
    private static final int LEAD = 22_050;
    private static final int SESSION = LEAD + 132_300; // 3 s of chirp at 1×
    private static final double MIN_SNR_DB = 40;

    private static SessionBuffer chirpSession() {
        int[] counts = new int[SESSION];
        double phase = 0;
        int taper = 2000;
        int chirp = SESSION - LEAD;
        for (int i = 0; i < chirp; i++) {
            double f = F0 + (F1 - F0) * i / chirp;
            phase += 2 * Math.PI * f;
            double edge = Math.min(1, Math.min(i, chirp - 1 - i) / (double) taper); // silent ends: no edge clicks
            counts[LEAD + i] = (int) Math.round(AMPLITUDE * FULL_SCALE * edge * Math.sin(phase));
        }
        SessionBuffer buffer = new SessionBuffer(SESSION);
        buffer.appendSamples(counts, 0, SESSION);
        buffer.endOfSession();
        return buffer;
    }

    @Test
    void playsThroughTheDeviceCleanlyAcrossASeekAndASpeedChange() throws Exception {
        try (MonitorRecording recorder = new MonitorRecording()) {
            DeviceTee tee = new DeviceTee(SESSION * 2);
            PlaybackEngine engine = new PlaybackEngine(EngineSettings.defaults(100), chirpSession(), tee);
            engine.setFullScale(FULL_SCALE);
            long t0 = System.nanoTime();
            engine.start();
            awaitPosition(engine, LEAD + 40_000);
            engine.seek(LEAD + 90_000); // a different frequency and phase: a hard cut would click
            awaitPosition(engine, LEAD + 95_000);
            engine.setSpeed(1.5);
            assertThat(engine.awaitFinished(Duration.ofSeconds(10))).isTrue();
            long wallMs = (System.nanoTime() - t0) / 1_000_000;
            Thread.sleep(300);
            short[] recorded = recorder.stop();
            engine.close();

            assertThat(engine.failure()).isNull();
            double[] sent = tee.sentPcm16();
            int lag = SignalMath.bestLag(recorded, sent);
            // Everything after the lead-in silence must be in the recording.
            assertThat(lag + LEAD).as("recording starts before the chirp").isGreaterThanOrEqualTo(0);
            assertThat(recorded.length).as("recording holds the whole playback").isGreaterThanOrEqualTo(lag + sent.length);
            double snr = SignalMath.snrDb(recorded, lag, sent, LEAD);
            int maxStep = SignalMath.maxStep(recorded, Math.max(0, lag), sent.length);
            // Natural bound: the chirp's top frequency at 1.5× (662 Hz) at half scale, 20% margin, a few LSB noise.
            double bound = 1.2 * AMPLITUDE * 32767 * 2 * Math.PI * F1 * 1.5 + 8;
            System.out.printf("device: %d frames sent in %d ms, lag %d frames, SNR %.1f dB, max step %d LSB "
                    + "(bound %.0f), reopens %d%n", sent.length, wallMs, lag, snr, maxStep, bound,
                    tee.device.reopens());
            assertThat(snr).isGreaterThanOrEqualTo(MIN_SNR_DB);
            assertThat((double) maxStep).isLessThanOrEqualTo(bound);
        }
    }

    @Test
    void reopensTheLineAfterTheDeviceGoesAway() throws Exception {
        try (MonitorRecording recorder = new MonitorRecording()) {
            JavaSoundOutput device = new JavaSoundOutput(null, JavaSoundOutput.DEFAULT_LINE_BUFFER_BYTES);
            SessionBuffer buffer = chirpSession();
            PlaybackEngine engine = new PlaybackEngine(EngineSettings.defaults(100), buffer, device);
            engine.start();
            awaitPosition(engine, LEAD + 20_000);
            device.closeLineAsIfDeviceFailed();
            engine.seek(LEAD + 120_000); // keep the test short
            assertThat(engine.awaitFinished(Duration.ofSeconds(10))).isTrue();
            recorder.stop();
            engine.close();
            assertThat(engine.failure()).isNull();
            assertThat(device.reopens()).isEqualTo(1);
            assertThat(engine.stats().sourcePosition()).isEqualTo(SESSION);
        }
    }

    private static void awaitPosition(PlaybackEngine engine, long position) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engine.stats().sourcePosition() < position) {
            assertThat(System.nanoTime()).as("playback reaches %d", position).isLessThan(deadline);
            Thread.sleep(2);
        }
    }
}
