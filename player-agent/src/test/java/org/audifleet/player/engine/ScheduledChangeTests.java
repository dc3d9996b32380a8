package org.audifleet.player.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.audifleet.player.output.CaptureOutput;
import org.junit.jupiter.api.Test;

/**
 * Changes scheduled at an output frame land on exactly that frame ({@link PlaybackEngine#schedule}): the render
 * loop is stepped by hand ({@code cycle()}) on a device-like capture, and every count equals its own index, so each
 * output sample says which session sample it played. 100 Hz at 441x: a step of exactly 1 session sample a frame.
 */
class ScheduledChangeTests {

    private static final double FULL_SCALE = 1 << 23;

    private static PlaybackEngine engine(CaptureOutput sink, int samples) {
        int[] counts = new int[samples];
        for (int i = 0; i < samples; i++) {
            counts[i] = i;
        }
        SessionBuffer buffer = new SessionBuffer(samples + 1000);
        buffer.appendSamples(counts, 0, samples);
        buffer.endOfSession();
        PlaybackEngine engine = new PlaybackEngine(EngineSettings.defaults(100), buffer, sink);
        engine.setFullScale(FULL_SCALE);
        engine.prepare();
        return engine;
    }

    /** Cycles until {@code frame} is rendered; true when one period ended exactly on it. */
    private static boolean renderPast(PlaybackEngine engine, long frame) {
        boolean endedOn = false;
        while (engine.stats().framesRendered() <= frame) {
            assertThat(engine.cycle()).isPositive();
            endedOn |= engine.stats().framesRendered() == frame;
        }
        return endedOn;
    }

    private static long index(float sample) {
        return Math.round(sample * FULL_SCALE);
    }

    @Test
    void aStartFromPausedLandsOnItsFrame() {
        CaptureOutput sink = new CaptureOutput(200_000, true);
        PlaybackEngine engine = engine(sink, 100_000);
        engine.pause();
        long at = 10_007; // not on a period boundary
        ScheduledChange start = ScheduledChange.change().seek(5000).resume();
        engine.schedule(at, start);

        assertThat(renderPast(engine, at + 1000)).isFalse();
        assertThat(start.appliedAt()).isEqualTo(at);
        float[] y = sink.captured();
        assertThat(y[(int) at - 1]).as("silent up to the frame before").isZero();
        assertThat(y[(int) at]).as("the first frame sounds (fading in)").isNotZero();
        int fade = engine.holdFadeFrames();
        assertThat(index(y[(int) at + fade + 100])).as("the start position sits on the frame").isEqualTo(5000 + fade
                + 100);
    }

    @Test
    void aPeriodEndsOnTheScheduledFrame() {
        CaptureOutput sink = new CaptureOutput(200_000, true);
        PlaybackEngine engine = engine(sink, 100_000);
        engine.schedule(7777, ScheduledChange.change().volume(0.5));
        assertThat(renderPast(engine, 7777)).isTrue();
        float[] y = sink.captured();
        assertThat(index(y[7776])).isEqualTo(7776);
        // the gain ramps from that frame: 7777 is the first frame below full gain
        assertThat(y[7777] * FULL_SCALE).isLessThan(7777f);
    }

    @Test
    void aPauseScheduledAFadeEarlyHoldsThePositionOfItsFrame() {
        CaptureOutput sink = new CaptureOutput(200_000, true);
        PlaybackEngine engine = engine(sink, 100_000);
        int fade = engine.holdFadeFrames();
        long pauseAt = 20_000;
        long resumeAt = 30_000;
        engine.schedule(pauseAt - fade, ScheduledChange.change().pause());
        engine.schedule(resumeAt, ScheduledChange.change().resume());
        renderPast(engine, resumeAt + 1000);
        float[] y = sink.captured();
        assertThat(index(y[(int) pauseAt - fade - 1])).isEqualTo(pauseAt - fade - 1);
        for (int f = (int) pauseAt; f < resumeAt; f++) {
            assertThat(y[f]).as("silent at %d", f).isZero();
        }
        // Held at exactly the position of the pause's frame: frame resumeAt + k plays pauseAt + k.
        assertThat(index(y[(int) resumeAt + fade + 10])).isEqualTo(pauseAt + fade + 10);
    }

    @Test
    void aSpeedChangeRampsFromItsFrame() {
        CaptureOutput sink = new CaptureOutput(200_000, true);
        PlaybackEngine engine = engine(sink, 200_000);
        long at = 12_345;
        engine.schedule(at, ScheduledChange.change().speed(2));
        renderPast(engine, at + 10_000);
        Playhead p = engine.playhead();
        int r = engine.speedRampFrames();
        long m = p.frame() - at;
        // The ramp's increments, summed: R + (R + 1) / 2 over the ramp, then 2 a frame.
        double expected = at + r + (r + 1) / 2.0 + (m - r) * 2.0;
        assertThat(p.position()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(p.step()).isEqualTo(2.0);
        assertThat(p.sinceFrame()).as("straight from the end of the ramp's period").isLessThanOrEqualTo(at + r + 512)
                .isGreaterThanOrEqualTo(at + r);
        assertThat(p.positionAt(p.frame() - 100)).isEqualTo(p.position() - 200);
    }

    @Test
    void aSeekScheduledDuringACrossfadeStillLandsOnItsFrame() {
        CaptureOutput sink = new CaptureOutput(200_000, true);
        PlaybackEngine engine = engine(sink, 100_000);
        renderPast(engine, 2000);
        engine.seek(40_000); // crossfading over the next 441 frames
        engine.cycle();
        long at = engine.stats().framesRendered() + 100;
        ScheduledChange seek = ScheduledChange.change().seek(60_000);
        engine.schedule(at, seek);
        renderPast(engine, at + 2000);
        assertThat(seek.appliedAt()).isEqualTo(at);
        float[] y = sink.captured();
        // after its own 10 ms crossfade, frame at + k plays 60,000 + k
        assertThat(index(y[(int) at + 500])).isEqualTo(60_500);
    }

    @Test
    void aChangeScheduledForAFramePlayedAlreadyAppliesAtTheNextPeriodAndSaysWhere() {
        CaptureOutput sink = new CaptureOutput(200_000, true);
        PlaybackEngine engine = engine(sink, 100_000);
        renderPast(engine, 5000);
        long now = engine.stats().framesRendered();
        ScheduledChange late = ScheduledChange.change().seek(1000);
        engine.schedule(100, late);
        engine.cycle();
        assertThat(late.appliedAt()).isEqualTo(now);
    }

    @Test
    void changesAtOneFrameApplyInTheOrderScheduled() {
        CaptureOutput sink = new CaptureOutput(200_000, true);
        PlaybackEngine engine = engine(sink, 100_000);
        engine.schedule(3000, ScheduledChange.change().speed(3));
        engine.schedule(3000, ScheduledChange.change().speed(1.5));
        engine.schedule(1000, ScheduledChange.change().volume(0.8));
        renderPast(engine, 3001);
        assertThat(engine.speed()).isEqualTo(1.5);
        assertThat(engine.volume()).isEqualTo(0.8);
    }

    @Test
    void theRateCorrectionMultipliesTheStepAndSlewsToIt() {
        CaptureOutput sink = new CaptureOutput(400_000, true);
        PlaybackEngine engine = engine(sink, 300_000);
        renderPast(engine, 1000);
        engine.setRateCorrection(1.0005);
        long from = engine.stats().framesRendered();
        engine.cycle();
        assertThat(engine.playhead().step()).as("10 ppm the first period").isCloseTo(1.00001,
                org.assertj.core.data.Offset.offset(1e-12));
        renderPast(engine, from + 60 * 512);
        assertThat(engine.playhead().step()).isEqualTo(1.0005);
        assertThat(engine.rateCorrection()).isEqualTo(1.0005);
        assertThatThrownBy(() -> engine.setRateCorrection(1.01)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate correction 1.01 is outside 1 ± 0.001");
    }

    @Test
    void aDeviceGetsSilenceBeforeTheDataWhenAsked() {
        CaptureOutput sink = new CaptureOutput(10_000, true);
        PlaybackEngine engine = new PlaybackEngine(EngineSettings.defaults(100), new SessionBuffer(100_000), sink);
        engine.prepare();
        assertThat(engine.cycle()).isEqualTo(Renderer.WAIT);
        engine.silenceBeforeData(true);
        assertThat(engine.cycle()).isEqualTo(512);
        assertThat(engine.stats().framesRendered()).isEqualTo(512);
        assertThat(sink.captured()).containsOnly(0f);
    }

    @Test
    void aChangeIsCheckedWhenBuiltAndScheduledOnce() {
        assertThatThrownBy(() -> ScheduledChange.change().speed(20)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("speed 20.0 is outside 0.1..15");
        assertThatThrownBy(() -> ScheduledChange.change().volume(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScheduledChange.change().seek(-5)).isInstanceOf(IllegalArgumentException.class);
        CaptureOutput sink = new CaptureOutput(1000, true);
        PlaybackEngine engine = engine(sink, 10_000);
        ScheduledChange c = ScheduledChange.change().pause();
        engine.schedule(10, c);
        assertThatThrownBy(() -> engine.schedule(20, c)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("scheduled once");
        assertThatThrownBy(c::resume).isInstanceOf(IllegalStateException.class);
    }
}
