package org.audifleet.player.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.audifleet.player.output.CaptureOutput;
import org.junit.jupiter.api.Test;

/** The output stage's soft limiter above volume 1: its curve, and what it does to a full-scale sine at volume 2. */
class SoftLimiterTests {

    private static final double FULL_SCALE = 1 << 23;
    private static final int FRAMES = 44_100;
    /** 441 Hz at the default 100 Hz x 441: exactly 441 cycles in {@link #FRAMES}, so each harmonic is one DFT bin. */
    private static final double CYCLES_PER_SAMPLE = 0.01;

    @Test
    void curveIsUnityBelowTheKneeMonotonicAboveAndNeverBeyondOne() {
        double knee = SoftLimiter.KNEE;
        assertThat(20 * Math.log10(knee)).isCloseTo(-3.0, org.assertj.core.data.Offset.offset(1e-9));
        for (int i = -10_000; i <= 10_000; i++) {
            double x = knee * i / 10_000;
            assertThat(SoftLimiter.limit(x, knee)).isEqualTo(x);
        }
        double previous = -2;
        for (int i = -300_000; i <= 300_000; i++) {
            double x = i / 100_000.0; // -3 .. 3: volume 2 and beyond
            double y = SoftLimiter.limit(x, knee);
            assertThat(y).isGreaterThanOrEqualTo(previous).isBetween(-1.0, 1.0);
            assertThat((float) y).isBetween(-1f, 1f);
            previous = y;
        }
        assertThat(SoftLimiter.limit(1e9, knee)).isEqualTo(1.0);
        // Slope 1 at the knee: no corner where the limiter starts.
        double h = 1e-6;
        assertThat((SoftLimiter.limit(knee + h, knee) - knee) / h).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void kneeGrowsOutOfUnityAsTheVolumeCrossesOne() {
        assertThat(SoftLimiter.kneeFor(0.5)).isEqualTo(SoftLimiter.OFF);
        assertThat(SoftLimiter.kneeFor(1.0)).isEqualTo(SoftLimiter.OFF);
        assertThat(SoftLimiter.kneeFor(1.2)).isEqualTo(1 / 1.2);
        assertThat(SoftLimiter.kneeFor(Math.sqrt(2))).isCloseTo(SoftLimiter.KNEE,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(SoftLimiter.kneeFor(2.0)).isEqualTo(SoftLimiter.KNEE);
    }

    @Test
    void fullScaleSineAtVolumeTwoStaysWithinOneWithMeasuredDistortion() {
        float[] out = play(FULL_SCALE, 2.0);
        float peak = 0;
        for (float y : out) {
            peak = Math.max(peak, Math.abs(y));
        }
        double thd = thd(out);
        // What hard clipping at 1 made of the same sine before the limiter.
        int[] counts = sine(FRAMES, FULL_SCALE);
        float[] clipped = new float[FRAMES];
        for (int i = 0; i < FRAMES; i++) {
            clipped[i] = (float) Math.max(-1.0, Math.min(1.0, counts[i] * 2.0 / FULL_SCALE));
        }
        double clippedThd = thd(clipped);
        double highOrder = harmonics(out, 11, 40);
        double clippedHighOrder = harmonics(clipped, 11, 40);
        System.out.printf("limiter at volume 2, full-scale sine: peak %.6f, THD %.2f %% (hard clip %.2f %%),"
                + " 11th-40th %.1f dB (hard clip %.1f dB)%n", peak, 100 * thd, 100 * clippedThd,
                20 * Math.log10(highOrder), 20 * Math.log10(clippedHighOrder));
        // Measured: peak 0.999916, THD 22.30 % (hard clip 23.27 %), harmonics 11-40 at -41.7 dB (hard clip -37.0 dB).
        assertThat(peak).isLessThanOrEqualTo(1.0f).isGreaterThan(0.999f);
        assertThat(thd).isLessThan(0.225).isLessThan(clippedThd);
        assertThat(highOrder).isLessThan(clippedHighOrder);
    }

    @Test
    void belowTheKneeVolumeTwoIsExactlyTheGain() {
        float[] out = play(FULL_SCALE / 4, 2.0); // peaks at 0.5, under the knee
        int[] counts = sine(FRAMES + 10_000, FULL_SCALE / 4);
        double g = 2.0 / FULL_SCALE;
        for (int i = 0; i < FRAMES; i++) {
            assertThat(out[i]).as("frame %d", i).isEqualTo((float) (counts[i] * g));
        }
    }

    /** The first {@link #FRAMES} frames of a sine of {@code amplitude} counts played at {@code volume} to a file. */
    private static float[] play(double amplitude, double volume) {
        int[] counts = sine(FRAMES + 10_000, amplitude);
        SessionBuffer buffer = new SessionBuffer(counts.length + 1000);
        buffer.appendSamples(counts, 0, counts.length);
        buffer.endOfSession();
        CaptureOutput sink = new CaptureOutput(counts.length);
        PlaybackEngine engine = new PlaybackEngine(EngineSettings.defaults(100.0), buffer, sink);
        engine.setFullScale(FULL_SCALE);
        engine.setVolume(volume);
        engine.prepare();
        while (sink.size() < FRAMES) {
            assertThat(engine.cycle()).isPositive();
        }
        return java.util.Arrays.copyOf(sink.captured(), FRAMES);
    }

    private static int[] sine(int n, double amplitude) {
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            counts[i] = (int) Math.round(amplitude * Math.sin(2 * Math.PI * CYCLES_PER_SAMPLE * i));
        }
        return counts;
    }

    /** Total harmonic distortion: the harmonics' RMS (2nd to 40th) over the fundamental's. */
    private static double thd(float[] y) {
        return harmonics(y, 2, 40);
    }

    /** Harmonics {@code from} to {@code to} (RMS sum) over the fundamental. */
    private static double harmonics(float[] y, int from, int to) {
        double sum = 0;
        for (int k = from; k <= to; k++) {
            double a = amplitudeAt(y, 441 * k);
            sum += a * a;
        }
        return Math.sqrt(sum) / amplitudeAt(y, 441);
    }

    private static double amplitudeAt(float[] y, int bin) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < y.length; i++) {
            double phase = 2 * Math.PI * (double) bin * i / y.length;
            re += y[i] * Math.cos(phase);
            im += y[i] * Math.sin(phase);
        }
        return 2 * Math.hypot(re, im) / y.length;
    }
}
