package org.audifleet.player.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.audifleet.player.output.CaptureOutput;
import org.junit.jupiter.api.Test;

/**
 * The engine at the seed app's fastest, 10,000x for 100 Hz data (1 MHz) times 15: 340 source samples per output
 * frame, read from the session's decimated levels. The playhead stays exact, and a speed ramp through every level
 * plays the tone it should at every frame.
 */
class DecimatedPlaybackTests {

    private static final double AMPLITUDE = 1e8; // counts; full scale, so the output is the tone at 1.0
    private static final int PERIOD = EngineSettings.DEFAULT_PERIOD_FRAMES;
    private static final EngineSettings FASTEST = EngineSettings.defaults(100.0).withBaseSpeed(10_000);

    private static SessionBuffer tone(int length, double cyclesPerSample) {
        SessionBuffer buffer = new SessionBuffer(length);
        int[] counts = new int[length];
        for (int i = 0; i < length; i++) {
            counts[i] = (int) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * cyclesPerSample * i));
        }
        buffer.appendSamples(counts, 0, length);
        buffer.endOfSession();
        return buffer;
    }

    private static PlaybackEngine prepared(SessionBuffer buffer, CaptureOutput sink, double speed) {
        PlaybackEngine engine = new PlaybackEngine(FASTEST, buffer, sink);
        engine.setFullScale(AMPLITUDE);
        engine.setSpeed(speed);
        engine.prepare();
        return engine;
    }

    @Test
    void atTenThousandTimesFifteenThePlayheadAfterNFramesIsNTimesTheStep() {
        double step = FASTEST.baseStep() * EngineSettings.MAX_SPEED; // 340.136...
        SessionBuffer buffer = tone(2_000_000, 0.0001);
        CaptureOutput sink = new CaptureOutput(16 * PERIOD);
        PlaybackEngine engine = prepared(buffer, sink, EngineSettings.MAX_SPEED);
        for (int p = 1; p <= 10; p++) {
            assertThat(engine.cycle()).isEqualTo(PERIOD);
            assertThat((double) engine.stats().sourcePosition()).isCloseTo(p * PERIOD * step,
                    within(1.0));
        }
        // 10 periods = 5120 frames read 1,741,497 samples: the whole session goes by in 5880 frames.
        assertThat(engine.stats().sourcePosition()).isEqualTo((long) (10 * PERIOD * step));
        engine.close();
    }

    @Test
    void aRampFromTheSlowestToTheFastestThroughEveryLevelPlaysTheToneAtEveryFrame() {
        double cps = 0.0001; // 0.034 cycles a frame at 340 samples a frame: inside the passband at every step
        SessionBuffer buffer = tone(1_600_000, cps);
        CaptureOutput sink = new CaptureOutput(16 * PERIOD);
        PlaybackEngine engine = prepared(buffer, sink, EngineSettings.MIN_SPEED);
        // The positions the renderer reads at: its own speed ramp, replayed.
        Ramp step = new Ramp(FASTEST.deviceRate() * Renderer.SPEED_RAMP_MS / 1000);
        step.moveTo(FASTEST.baseStep() * EngineSettings.MIN_SPEED, true);
        double[] positions = new double[8 * PERIOD];
        double pos = 0;
        int frame = 0;
        for (int p = 0; p < 8; p++) {
            if (p == 2) {
                engine.setSpeed(EngineSettings.MAX_SPEED); // 2.27 to 340 samples a frame in 20 ms: levels 0 to 3
                step.moveTo(FASTEST.baseStep() * EngineSettings.MAX_SPEED, false);
            }
            assertThat(engine.cycle()).isEqualTo(PERIOD);
            for (int k = 0; k < PERIOD; k++) {
                double st = step.ramping() ? step.next() : step.value();
                positions[frame++] = pos;
                pos += st;
            }
        }
        engine.close();
        float[] out = sink.captured();
        double err = 0;
        double sig = 0;
        double worst = 0;
        for (int k = 0; k < frame; k++) {
            double ideal = Math.sin(2 * Math.PI * cps * positions[k]);
            err += (out[k] - ideal) * (out[k] - ideal);
            sig += ideal * ideal;
            worst = Math.max(worst, Math.abs(out[k] - ideal));
        }
        double db = 10 * Math.log10(err / sig);
        System.out.printf("ramp 0.1x to 15x at 10,000x: error %.1f dB of the tone, worst frame %.2e%n", db, worst);
        assertThat(db).isLessThan(-80);
        assertThat(worst).isLessThan(1e-3); // a level switch at a wrong position or limit would be a click here
    }
}
