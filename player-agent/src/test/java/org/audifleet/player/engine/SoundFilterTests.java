package org.audifleet.player.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.audifleet.player.output.CaptureOutput;
import org.audifleet.signal.Detrend;
import org.audifleet.signal.HighPassFilter;
import org.junit.jupiter.api.Test;

/**
 * The sound path's filters ({@link SoundFilter}) through the engine on a capture sink: the high-pass's corner is in
 * data frequency at any speed, DC removal takes a seismometer's offset out, normalize picks the full scale, and
 * switching any of them while playing ramps instead of stepping.
 */
class SoundFilterTests {

    private static final double RATE = 100;
    private static final double FULL_SCALE = 1 << 23;

    private static SessionBuffer filled(int[] counts) {
        SessionBuffer buffer = new SessionBuffer(counts.length + 1000);
        buffer.appendSamples(counts, 0, counts.length);
        buffer.endOfSession();
        return buffer;
    }

    private static int[] tone(int n, double hz, double amplitude, int offset) {
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            counts[i] = offset + (int) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return counts;
    }

    /** Plays {@code counts} to the end at {@code speed} with {@code filters}; the output in counts. */
    private static double[] play(int[] counts, double speed, SoundFilters filters) {
        CaptureOutput sink = new CaptureOutput(counts.length);
        PlaybackEngine engine = new PlaybackEngine(EngineSettings.defaults(RATE), filled(counts), sink);
        engine.setFullScale(FULL_SCALE);
        engine.setSpeed(speed);
        engine.setFilters(filters);
        engine.prepare();
        while (engine.cycle() > 0) {
            // to the end
        }
        engine.finish(null);
        float[] out = sink.captured();
        double[] y = new double[out.length];
        for (int i = 0; i < out.length; i++) {
            y[i] = out[i] * FULL_SCALE;
        }
        return y;
    }

    /** Peak |y| over the second half: the steady state. */
    private static double steadyPeak(double[] y) {
        double peak = 0;
        for (int i = y.length / 2; i < y.length; i++) {
            peak = Math.max(peak, Math.abs(y[i]));
        }
        return peak;
    }

    private static double gainDb(double corner, double hz, double speed) {
        int n = (int) Math.round(20 * RATE / hz); // 20 periods of the tone
        double[] y = play(tone(n, hz, 100_000, 0), speed, new SoundFilters(corner, Detrend.Mode.NONE, true));
        return 20 * Math.log10(steadyPeak(y) / 100_000);
    }

    @Test
    void theHighPassCornerIsInDataFrequencyAtAnySpeed() {
        double corner = HighPassFilter.CORNERS_HZ[2];
        for (double speed : new double[] {1, 4}) {
            assertThat(gainDb(corner, corner, speed)).as("at the corner, %sx", speed).isCloseTo(-3.01, within(0.2));
            assertThat(gainDb(corner, corner * 10, speed)).as("a decade above, %sx", speed).isCloseTo(0, within(0.2));
            assertThat(gainDb(corner, corner / 10, speed)).as("a decade below, %sx", speed).isCloseTo(-40, within(1.5));
        }
    }

    @Test
    void offByDefaultTheCountsPlayExactly() {
        int[] counts = tone(20_000, 0.7, 300_000, 123_456);
        double[] y = play(counts, 1, SoundFilters.DEFAULT);
        assertThat(y).hasSize(counts.length);
        for (int i = 0; i < counts.length; i++) {
            assertThat(Math.round(y[i])).as("sample %d", i).isEqualTo(counts[i]);
        }
    }

    @Test
    void dcRemovalTakesTheOffsetOut() {
        int[] counts = tone(60_000, 0.5, 10_000, 400_000);
        for (Detrend.Mode mode : new Detrend.Mode[] {Detrend.Mode.MEAN, Detrend.Mode.LINEAR}) {
            double[] y = play(counts, 1, new SoundFilters(0, mode, true));
            double sum = 0;
            for (double v : y) {
                sum += v;
            }
            assertThat(sum / y.length).as(mode.name()).isCloseTo(0, within(50.0));
            assertThat(steadyPeak(y)).as(mode.name()).isCloseTo(10_000, within(100.0));
        }
    }

    @Test
    void normalizeOffPlaysTheDigitizersFullScale() {
        int[] counts = tone(5000, 1, 1000, 0);
        CaptureOutput sink = new CaptureOutput(counts.length);
        PlaybackEngine engine = new PlaybackEngine(EngineSettings.defaults(RATE), filled(counts), sink);
        engine.setFullScale(1000); // what the station sets from the session's peak
        engine.setFilters(SoundFilters.DEFAULT.withNormalize(false));
        engine.prepare();
        while (engine.cycle() > 0) {
            // to the end
        }
        float peak = 0;
        for (float v : sink.captured()) {
            peak = Math.max(peak, Math.abs(v));
        }
        assertThat((double) peak).isCloseTo(1000 / PlaybackEngine.DEFAULT_FULL_SCALE, within(1e-6));
    }

    /**
     * Switching the high-pass and DC removal on and off under a 400,000-count offset: a step would move the output by
     * the whole offset in one frame; the ramps spread it over {@value SoundFilter#RAMP_MS} ms (882 frames).
     */
    @Test
    void switchingWhilePlayingRampsInsteadOfStepping() {
        int[] counts = tone(200_000, 0.5, 10_000, 400_000);
        CaptureOutput sink = new CaptureOutput(counts.length);
        PlaybackEngine engine = new PlaybackEngine(EngineSettings.defaults(RATE), filled(counts), sink);
        engine.setFullScale(FULL_SCALE);
        engine.prepare();
        SoundFilters[] steps = {
            new SoundFilters(0.02, Detrend.Mode.NONE, true), new SoundFilters(0.045, Detrend.Mode.NONE, true),
            SoundFilters.DEFAULT, new SoundFilters(0, Detrend.Mode.MEAN, true),
            new SoundFilters(0.01, Detrend.Mode.LINEAR, true), SoundFilters.DEFAULT};
        int period = 0;
        int n;
        while ((n = engine.cycle()) > 0) {
            if (++period % 50 == 0 && period / 50 <= steps.length) {
                engine.setFilters(steps[period / 50 - 1]);
            }
        }
        float[] out = sink.captured();
        double worst = 0;
        for (int i = 1; i < out.length; i++) {
            worst = Math.max(worst, Math.abs(out[i] - out[i - 1]) * FULL_SCALE);
        }
        // The tone alone moves up to 2 pi * 0.005 * 10,000 = 314 counts a frame; 400,000 over 882 frames is 454 more.
        assertThat(worst).isLessThan(1000);
        assertThat(period).isGreaterThan(steps.length * 50);
    }
}
