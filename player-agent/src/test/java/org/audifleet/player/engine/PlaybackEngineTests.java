package org.audifleet.player.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.audifleet.player.output.CaptureOutput;
import org.audifleet.player.station.Key;
import org.audifleet.player.station.SessionClock;
import org.audifleet.player.station.StationControls;
import org.audifleet.player.station.Transport;
import org.junit.jupiter.api.Test;

/**
 * Engine behaviour on a capture sink. Most tests step the render loop by hand ({@code cycle()}), so controls land
 * at a known period boundary and no real time passes; one runs the real render thread end to end.
 */
class PlaybackEngineTests {

    private static final double FULL_SCALE = 1 << 23;
    private static final int PERIOD = EngineSettings.DEFAULT_PERIOD_FRAMES;
    private static final int CROSSFADE = 44100 * Renderer.CROSSFADE_MS / 1000;
    private static final int GAIN_RAMP = 44100 * Renderer.GAIN_RAMP_MS / 1000;

    private static EngineSettings settings() {
        return EngineSettings.defaults(100.0);
    }

    private static SessionBuffer filled(int[] counts) {
        SessionBuffer buffer = new SessionBuffer(counts.length + 1000);
        buffer.appendSamples(counts, 0, counts.length);
        buffer.endOfSession();
        return buffer;
    }

    /** Counts equal to their own index: every output sample says which input sample it came from. */
    private static int[] indexRamp(int n) {
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            counts[i] = i;
        }
        return counts;
    }

    private static int[] sine(int n, double cyclesPerSample, double amplitudeCounts) {
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            counts[i] = (int) Math.round(amplitudeCounts * Math.sin(2 * Math.PI * cyclesPerSample * i));
        }
        return counts;
    }

    private static PlaybackEngine prepared(SessionBuffer buffer, CaptureOutput sink) {
        PlaybackEngine engine = new PlaybackEngine(settings(), buffer, sink);
        engine.setFullScale(FULL_SCALE);
        engine.prepare();
        return engine;
    }

    private static void cycles(PlaybackEngine engine, int periods) {
        for (int i = 0; i < periods; i++) {
            assertThat(engine.cycle()).isPositive();
        }
    }

    private static void runToEnd(PlaybackEngine engine) {
        for (int i = 0; i < 10_000_000; i++) {
            int n = engine.cycle();
            assertThat(n).as("a complete session never waits").isNotEqualTo(Renderer.WAIT);
            if (n == Renderer.END) {
                engine.finish(null);
                return;
            }
        }
        throw new AssertionError("did not finish");
    }

    private static float maxStep(float[] y, int from, int to) {
        float worst = 0;
        for (int i = Math.max(1, from); i < Math.min(y.length, to); i++) {
            worst = Math.max(worst, Math.abs(y[i] - y[i - 1]));
        }
        return worst;
    }

    @Test
    void oneHourAtOneToOnePlaysEverySampleExactlyOnTheRenderThread() throws Exception {
        int[] counts = new int[360_000]; // 1 h at 100 Hz → 8.163 s at 44.1 kHz
        Random random = new Random(42);
        int value = 0;
        for (int i = 0; i < counts.length; i++) {
            value = Math.max(-(1 << 22), Math.min(1 << 22, value + random.nextInt(20_001) - 10_000));
            counts[i] = value;
        }
        CaptureOutput sink = new CaptureOutput(counts.length);
        PlaybackEngine engine = new PlaybackEngine(settings(), filled(counts), sink);
        engine.setFullScale(FULL_SCALE);
        engine.start();
        assertThat(engine.awaitFinished(Duration.ofSeconds(20))).isTrue();
        engine.close();

        float[] out = sink.captured();
        assertThat(out).hasSize(counts.length);
        for (int i = 0; i < counts.length; i++) {
            if (Math.round(out[i] * FULL_SCALE) != counts[i]) {
                throw new AssertionError("sample " + i + ": " + out[i] * FULL_SCALE + " != " + counts[i]);
            }
        }
        assertThat(engine.failure()).isNull();
        assertThat(engine.stats().framesRendered()).isEqualTo(counts.length);
        assertThat(engine.stats().sourcePosition()).isEqualTo(counts.length);
        assertThat(engine.stats().firstAudioNanos()).isPresent();
        assertThat(engine.stats().underruns()).isZero();
        assertThat(sink.isShutDown()).isTrue();
        assertThat(engine.renderThread().getName()).isEqualTo("audifleet-render");
        assertThat(engine.renderThread().isDaemon()).isFalse();
    }

    @Test
    void gapPlaysAsSilenceOfItsLengthAndIsRecorded() {
        SessionBuffer buffer = new SessionBuffer(10_000);
        int[] ones = new int[1000];
        java.util.Arrays.fill(ones, 1 << 20);
        buffer.appendSamples(ones, 0, 1000);
        buffer.appendGap(777);
        buffer.appendSamples(ones, 0, 1000);
        buffer.endOfSession();
        CaptureOutput sink = new CaptureOutput(4000);
        runToEnd(prepared(buffer, sink));

        float[] out = sink.captured();
        assertThat(out).hasSize(2777);
        for (int i = 0; i < out.length; i++) {
            assertThat(out[i]).as("sample %d", i).isEqualTo(i >= 1000 && i < 1777 ? 0f : 0.125f);
        }
        assertThat(buffer.gaps()).containsExactly(new SessionBuffer.Gap(1000, 777));
    }

    @Test
    void seekIsSampleAccurateAndCrossfades() {
        SessionBuffer buffer = filled(indexRamp(200_000));
        CaptureOutput sink = new CaptureOutput(200_000);
        PlaybackEngine engine = prepared(buffer, sink);
        cycles(engine, 10);
        int at = 10 * PERIOD;
        long target = 150_000;
        engine.seek(target);
        cycles(engine, 4);

        float[] out = sink.captured();
        for (int j = 0; j < 3 * PERIOD; j++) {
            double expected;
            if (j < CROSSFADE) {
                double s = Math.sin(0.5 * Math.PI * (j + 1) / (CROSSFADE + 1));
                expected = (at + j) + ((target + j) - (at + j)) * s * s;
            } else {
                expected = target + j;
            }
            assertThat((double) out[at + j] * FULL_SCALE).as("frame %d after seek", j)
                    .isCloseTo(expected, org.assertj.core.data.Offset.offset(j < CROSSFADE ? 0.05 : 0.0));
        }
        assertThat(engine.stats().sourcePosition()).isEqualTo(target + 4L * PERIOD);
    }

    @Test
    void threeSeekKeysBeforeAPeriodMoveThreeSteps() {
        SessionBuffer buffer = filled(indexRamp(400_000));
        CaptureOutput sink = new CaptureOutput(400_000);
        PlaybackEngine engine = prepared(buffer, sink);
        StationControls keys = new StationControls(Transport.of(engine),
                new SessionClock(java.time.Instant.EPOCH, 100.0, 441), Duration.ofSeconds(1), () -> { });
        long step = 44_100; // 1 s of audio at 441x
        cycles(engine, 2);
        long at = engine.stats().sourcePosition();
        assertThat(engine.pendingSeek()).isEmpty();
        keys.press(Key.SEEK_FORWARD);
        keys.press(Key.SEEK_FORWARD);
        keys.press(Key.SEEK_FORWARD);
        assertThat(engine.pendingSeek()).hasValue(at + 3 * step);
        cycles(engine, 1);
        assertThat(engine.pendingSeek()).isEmpty();
        assertThat(engine.stats().sourcePosition()).isEqualTo(at + 3 * step + PERIOD);
        keys.press(Key.SEEK_BACK);
        keys.press(Key.SEEK_BACK);
        cycles(engine, 1);
        assertThat(engine.stats().sourcePosition()).isEqualTo(at + step + 2 * PERIOD);
        assertThat(sink.captured()[sink.size() - 1] * FULL_SCALE).isEqualTo(at + step + 2 * PERIOD - 1);
    }

    @Test
    void seekBetweenUnrelatedPhasesDoesNotClick() {
        double cps = 1.0 / 100; // 441 Hz at 441×
        double amplitude = 0.5;
        SessionBuffer buffer = filled(sine(100_000, cps, amplitude * FULL_SCALE));
        CaptureOutput sink = new CaptureOutput(100_000);
        PlaybackEngine engine = prepared(buffer, sink);
        cycles(engine, 5);
        engine.seek(60_050); // half a cycle away: a hard cut would step by up to 2 × amplitude
        cycles(engine, 3);

        float natural = (float) (amplitude * 2 * Math.PI * cps);
        float[] out = sink.captured();
        assertThat(maxStep(out, 5 * PERIOD - 10, 6 * PERIOD + 10)).isLessThan(1.2f * natural);
    }

    @Test
    void speedChangeRampsToTheNewPitchWithoutAStep() {
        double cps = 1.0 / 200;
        double amplitude = 0.5;
        SessionBuffer buffer = filled(sine(200_000, cps, amplitude * FULL_SCALE));
        CaptureOutput sink = new CaptureOutput(200_000);
        PlaybackEngine engine = prepared(buffer, sink);
        cycles(engine, 10);
        engine.setSpeed(2.0);
        cycles(engine, 40);
        engine.setSpeed(0.5);
        cycles(engine, 40);

        float[] out = sink.captured();
        int ramp = 44100 * Renderer.SPEED_RAMP_MS / 1000;
        int twiceStart = 10 * PERIOD + ramp;
        int halfStart = 50 * PERIOD + ramp;
        assertThat(zeroCrossings(out, 0, 10 * PERIOD)).isCloseTo(2 * 10 * PERIOD / 200, within(1));
        assertThat(zeroCrossings(out, twiceStart, twiceStart + 8000)).isCloseTo(2 * 8000 / 100, within(1));
        assertThat(zeroCrossings(out, halfStart, halfStart + 8000)).isCloseTo(2 * 8000 / 400, within(1));
        float naturalAtTwice = (float) (amplitude * 2 * Math.PI * cps * 2);
        assertThat(maxStep(out, 0, out.length)).isLessThan(1.05f * naturalAtTwice);
        // 10 periods at 1×, 40 at ~2×, 40 at ~0.5×: the position followed the speed.
        double expected = 10 * PERIOD + 40 * PERIOD * 2 + 40 * PERIOD * 0.5;
        assertThat((double) engine.stats().sourcePosition()).isCloseTo(expected, org.assertj.core.data.Offset.offset(2.0 * ramp));
    }

    private static org.assertj.core.data.Offset<Integer> within(int n) {
        return org.assertj.core.data.Offset.offset(n);
    }

    private static int zeroCrossings(float[] y, int from, int to) {
        int n = 0;
        for (int i = from + 1; i < to; i++) {
            if ((y[i - 1] < 0) != (y[i] < 0)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void volumeChangeRampsLinearlyOverFiveMilliseconds() {
        int[] counts = new int[20_000];
        java.util.Arrays.fill(counts, 1 << 22); // 0.5 at full scale 2^23
        CaptureOutput sink = new CaptureOutput(20_000);
        PlaybackEngine engine = prepared(filled(counts), sink);
        cycles(engine, 2);
        engine.setVolume(0.5);
        cycles(engine, 2);

        float[] out = sink.captured();
        int at = 2 * PERIOD;
        assertThat(out[at - 1]).isEqualTo(0.5f);
        for (int j = 0; j < GAIN_RAMP; j++) {
            assertThat(out[at + j]).isLessThan(out[at + j - 1]).isGreaterThan(0.25f - 1e-6f);
        }
        assertThat(maxStep(out, at - 1, at + GAIN_RAMP + 1)).isLessThan(0.25f / GAIN_RAMP * 1.01f);
        for (int j = GAIN_RAMP; j < 2 * PERIOD; j++) {
            assertThat(out[at + j]).isEqualTo(0.25f);
        }
    }

    @Test
    void loopWrapsSampleAccuratelyWithACrossfade() {
        SessionBuffer buffer = filled(indexRamp(50_000));
        CaptureOutput sink = new CaptureOutput(60_000);
        PlaybackEngine engine = prepared(buffer, sink);
        engine.setLoop(10_000, 20_000);
        cycles(engine, 100); // 51,200 frames: past `to` five times

        float[] out = sink.captured();
        int checked = 0;
        for (int t = 0; t < out.length; t++) {
            long mapped = t < 20_000 ? t : 10_000 + (t - 20_000) % 10_000;
            boolean inCrossfade = t >= 20_000 - CROSSFADE && (t - (20_000 - CROSSFADE)) % 10_000 < CROSSFADE;
            if (!inCrossfade) {
                assertThat(Math.round(out[t] * FULL_SCALE)).as("frame %d", t).isEqualTo(mapped);
                checked++;
            } else {
                // between the outgoing sample (before `to`) and the incoming one (before `from`)
                assertThat(out[t] * FULL_SCALE).isBetween(mapped - 10_000 - 1.0, mapped + 1.0);
            }
        }
        assertThat(checked).isGreaterThan(out.length - 6 * CROSSFADE);
    }

    @Test
    void loopOnASineHasNoClickAtTheWrap() {
        double cps = 1.0 / 97;
        SessionBuffer buffer = filled(sine(50_000, cps, 0.5 * FULL_SCALE));
        CaptureOutput sink = new CaptureOutput(60_000);
        PlaybackEngine engine = prepared(buffer, sink);
        engine.setLoop(10_000, 10_000 + 4321); // not a whole number of cycles: a hard wrap would jump
        cycles(engine, 60);
        float natural = (float) (0.5 * 2 * Math.PI * cps);
        assertThat(maxStep(sink.captured(), 0, sink.size())).isLessThan(1.2f * natural);
    }

    @Test
    void underrunIsCountedOncePerEpisodeFadesOutAndRecovers() {
        EngineSettings s = settings().withPrerollSamples(1000);
        SessionBuffer buffer = new SessionBuffer(100_000);
        CaptureOutput device = new CaptureOutput(100_000, true);
        PlaybackEngine engine = new PlaybackEngine(s, buffer, device);
        engine.setFullScale(FULL_SCALE);
        engine.prepare();
        int[] half = new int[5000];
        java.util.Arrays.fill(half, 1 << 22);

        assertThat(engine.cycle()).as("waits for pre-roll").isEqualTo(Renderer.WAIT);
        buffer.appendSamples(half, 0, 3000);
        for (int i = 0; i < 12; i++) {
            assertThat(engine.cycle()).isEqualTo(PERIOD); // plays, runs dry, then writes silence
        }
        assertThat(engine.stats().underruns()).isEqualTo(1);
        float[] out = device.captured();
        assertThat(out[out.length - 1]).isZero();
        assertThat(maxStep(out, 300, out.length)).as("fades out, no click").isLessThan(0.5f / 100);
        long frozen = engine.stats().sourcePosition();
        assertThat(frozen).isLessThan(3000);

        buffer.appendSamples(half, 0, 5000);
        cycles(engine, 3);
        assertThat(engine.stats().underruns()).isEqualTo(1);
        assertThat(device.captured()[device.size() - 1]).isEqualTo(0.5f);
        cycles(engine, 20); // dry again
        assertThat(engine.stats().underruns()).isEqualTo(2);

        buffer.appendSamples(half, 0, 1000);
        buffer.endOfSession();
        runToEnd(engine);
        assertThat(engine.stats().underruns()).isEqualTo(2);
        assertThat(engine.stats().sourcePosition()).isEqualTo(9000);
    }

    @Test
    void pauseHoldsThePositionAndResumeContinuesFromIt() {
        SessionBuffer buffer = filled(indexRamp(100_000));
        CaptureOutput device = new CaptureOutput(100_000, true);
        PlaybackEngine engine = prepared(buffer, device);
        cycles(engine, 4);
        engine.pause();
        cycles(engine, 3);
        long held = engine.stats().sourcePosition();
        cycles(engine, 3);
        assertThat(engine.stats().sourcePosition()).isEqualTo(held);
        assertThat(device.captured()[device.size() - 1]).isZero();
        engine.resume();
        cycles(engine, 2);
        float[] out = device.captured();
        assertThat(Math.round(out[out.length - 1] * FULL_SCALE)).isEqualTo(held + 2L * PERIOD - 1);
    }

    @Test
    void fileSinkWaitsInsteadOfWritingSilenceWhenDataIsLate() {
        SessionBuffer buffer = new SessionBuffer(10_000);
        CaptureOutput file = new CaptureOutput(10_000);
        PlaybackEngine engine = prepared(buffer, file);
        buffer.appendSamples(indexRamp(5000), 0, 5000);
        while (engine.cycle() > 0) {
            // plays what is there
        }
        assertThat(engine.cycle()).isEqualTo(Renderer.WAIT);
        assertThat(engine.stats().underruns()).isZero();
        buffer.endOfSession();
        runToEnd(engine);
        float[] out = file.captured();
        assertThat(out).hasSize(5000);
        for (int i = 0; i < out.length; i++) {
            assertThat(Math.round(out[i] * FULL_SCALE)).isEqualTo(i);
        }
    }

    @Test
    void settingsRejectNonsenseAndDefaultsMatchTheDesign() {
        EngineSettings d = settings();
        assertThat(d.baseStep()).isEqualTo(1.0);
        assertThat(d.prerollSamples()).isEqualTo(4410);
        assertThat(d.capacitySamples()).isEqualTo(8_640_000);
        assertThat(SessionBuffer.bytesFor(100, 1)).isEqualTo(1_440_000);
        assertThat(SessionBuffer.bytesFor(100, 24)).isEqualTo(34_560_000);
        for (Runnable bad : List.<Runnable>of(() -> d.withResamplerTaps(63), () -> d.withPeriodFrames(8),
                () -> d.withCapacitySamples(0), () -> d.withPrerollSamples(-1), () -> d.withBaseSpeed(0))) {
            org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(bad::run);
        }
        PlaybackEngine engine = new PlaybackEngine(d, new CaptureOutput(0));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> engine.setSpeed(16));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> engine.setVolume(2.1));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> engine.setLoop(5, 5));
        engine.close();
    }

    @Test
    void lifecycleGoesFromNewThroughPlayingToFinishedAndNeverBack() throws Exception {
        CaptureOutput sink = new CaptureOutput(1000);
        PlaybackEngine engine = new PlaybackEngine(settings(), filled(indexRamp(600)), sink);
        assertThat(engine.state()).isEqualTo(EngineState.NEW);
        engine.start();
        assertThat(engine.awaitFinished(Duration.ofSeconds(10))).isTrue();
        assertThat(engine.state()).isEqualTo(EngineState.FINISHED);
        assertThat(sink.isShutDown()).isTrue();
        org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(engine::start);
        engine.close();
        assertThat(engine.state()).isEqualTo(EngineState.FINISHED);

        // Closed while it waits for data that never comes: stops at the next period and shuts the sink down.
        CaptureOutput waiting = new CaptureOutput(1000);
        PlaybackEngine stalled = new PlaybackEngine(settings(), new SessionBuffer(10_000), waiting);
        stalled.start();
        assertThat(stalled.state()).isEqualTo(EngineState.PLAYING);
        stalled.close();
        assertThat(stalled.awaitFinished(Duration.ofSeconds(5))).isTrue();
        assertThat(stalled.state()).isEqualTo(EngineState.FINISHED);
        assertThat(stalled.failure()).isNull();
        assertThat(waiting.isShutDown()).isTrue();

        // Stepped by hand, then closed: configured, so shut down.
        CaptureOutput stepped = new CaptureOutput(1000);
        PlaybackEngine byHand = prepared(filled(indexRamp(600)), stepped);
        assertThat(byHand.state()).isEqualTo(EngineState.CONFIGURED);
        byHand.close();
        assertThat(byHand.state()).isEqualTo(EngineState.FINISHED);
        assertThat(stepped.isShutDown()).isTrue();

        // Closed before it ever started: the sink was never configured, so there is nothing to shut down.
        CaptureOutput unused = new CaptureOutput(0);
        PlaybackEngine never = new PlaybackEngine(settings(), unused);
        never.close();
        assertThat(never.state()).isEqualTo(EngineState.FINISHED);
        assertThat(never.awaitFinished(Duration.ZERO)).isTrue();
        assertThat(unused.isConfigured()).isFalse();
        assertThat(unused.isShutDown()).isFalse();
        org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(never::start);
    }

    @Test
    void theEngineSaysWhatTheLoopIsAndASeekOutsideItClearsIt() {
        PlaybackEngine engine = new PlaybackEngine(settings(), new CaptureOutput(0));
        assertThat(engine.loop()).isNull();
        engine.setLoop(1000, 2000);
        assertThat(engine.loop()).isEqualTo(new LoopRegion(1000, 2000));
        engine.seek(1000);
        engine.seek(1999);
        assertThat(engine.loop()).isEqualTo(new LoopRegion(1000, 2000));
        engine.seek(2000); // the loop is [from, to): `to` is outside it
        assertThat(engine.loop()).isNull();
        engine.setLoop(10, 20);
        engine.clearLoop();
        assertThat(engine.loop()).isNull();
        engine.setVolume(EngineSettings.MAX_VOLUME);
        engine.setVolume(EngineSettings.MIN_VOLUME);
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> engine.setVolume(-0.1));
        engine.close();
    }
}
