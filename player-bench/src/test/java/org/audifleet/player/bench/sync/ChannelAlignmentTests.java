package org.audifleet.player.bench.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The analyzer on synthetic channels whose true offset is known exactly: a sum of sinusoids evaluated at any real
 * time, so a fractional delay is exact, not interpolated. The sound is band-limited like audified seismic data
 * (most energy low, 40 to 2,000 Hz) and aperiodic within a window, except where a test makes it periodic.
 */
class ChannelAlignmentTests {

    static final int RATE = 44_100;
    static final ChannelAlignment ALIGNMENT = new ChannelAlignment(ChannelAlignment.Settings.defaults(RATE));

    /** A sum of 48 sinusoids, 40 Hz to 2 kHz, amplitudes falling with frequency, random phases. */
    static final class Sound implements DoubleUnaryOperator {
        final double[] f = new double[48];
        final double[] a = new double[48];
        final double[] phase = new double[48];

        Sound(long seed) {
            Random r = new Random(seed);
            for (int k = 0; k < f.length; k++) {
                f[k] = 40 * Math.pow(50, r.nextDouble());
                a[k] = 0.3 * Math.sqrt(40 / f[k]) * (0.5 + r.nextDouble());
                phase[k] = 2 * Math.PI * r.nextDouble();
            }
        }

        @Override
        public double applyAsDouble(double seconds) {
            double s = 0;
            for (int k = 0; k < f.length; k++) {
                s += a[k] * Math.sin(2 * Math.PI * f[k] * seconds + phase[k]);
            }
            return s / 6;
        }
    }

    /** {@code sound} at the source position {@code position(t)} for every frame t; position NaN is silence. */
    static float[] render(DoubleUnaryOperator sound, DoubleUnaryOperator position, double seconds) {
        float[] x = new float[(int) (seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            double p = position.applyAsDouble((double) i / RATE);
            x[i] = Double.isNaN(p) ? 0 : (float) sound.applyAsDouble(p);
        }
        return x;
    }

    /** The sound in bursts of varying loudness, as an earthquake and its coda come and go. */
    static DoubleUnaryOperator bursts(Sound sound) {
        return t -> sound.applyAsDouble(t) * (0.2 + Math.abs(Math.sin(1.3 * t) * Math.sin(4.1 * t)));
    }

    static float[] delayed(DoubleUnaryOperator sound, double delayMs, double seconds) {
        return render(sound, t -> t - delayMs / 1000, seconds);
    }

    static void addNoise(float[] x, double rms, long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] += (float) (rms * r.nextGaussian());
        }
    }

    static double rms(float[] x) {
        double e = 0;
        for (float v : x) {
            e += v * v;
        }
        return Math.sqrt(e / x.length);
    }

    static double worstError(ChannelAlignment.Result r, double trueMs) {
        return Arrays.stream(r.offsetMs()).map(o -> Math.abs(o - trueMs)).max().orElseThrow();
    }

    @Test
    void anIntegerDelayIsFoundInEveryWindow() {
        Sound sound = new Sound(1);
        float[] ref = delayed(sound, 0, 4);
        double trueMs = 10 * 1000.0 / RATE;
        ChannelAlignment.Result r = ALIGNMENT.align(ref, delayed(sound, trueMs, 4));
        System.out.printf("integer delay 10 samples (%.4f ms): %s; worst error %.5f ms%n", trueMs, r.summary(),
                worstError(r, trueMs));
        assertThat(r.used()).isGreaterThanOrEqualTo(150);
        assertThat(r.skipped() - r.skippedOutside()).as("skipped, but at the ends").isZero();
        assertThat(worstError(r, trueMs)).isLessThan(0.002);
    }

    @Test
    void fractionalDelaysAreFoundToAFewMicroseconds() {
        Sound sound = new Sound(2);
        float[] ref = delayed(sound, 0, 4);
        double worst = 0;
        for (double samples : new double[] {0.25, 0.5, 3.37, -7.81, 40.5}) {
            double trueMs = samples * 1000.0 / RATE;
            ChannelAlignment.Result r = ALIGNMENT.align(ref, delayed(sound, trueMs, 4));
            assertThat(r.used()).isGreaterThanOrEqualTo(150);
            worst = Math.max(worst, worstError(r, trueMs));
            System.out.printf("fractional delay %+.2f samples (%+.4f ms): p50 error %.5f ms, worst %.5f ms%n",
                    samples, trueMs, Math.abs(r.medianMs() - trueMs), worstError(r, trueMs));
        }
        // A parabola through three points of a broad peak: a small bias towards the nearest sample.
        assertThat(worst).isLessThan(0.005);
    }

    @Test
    void independentNoiseOnEachChannelCostsLittle() {
        Sound sound = new Sound(3);
        float[] ref = delayed(sound, 0, 4);
        double trueMs = 0.3;
        float[] other = delayed(sound, trueMs, 4);
        double noise = rms(ref) / 10; // 20 dB below the sound
        addNoise(ref, noise, 31);
        addNoise(other, noise, 32);
        ChannelAlignment.Result r = ALIGNMENT.align(ref, other);
        System.out.printf("0.3 ms, noise 20 dB below on each channel: %s; worst error %.5f ms%n", r.summary(),
                worstError(r, trueMs));
        assertThat(r.used()).isGreaterThanOrEqualTo(150);
        assertThat(worstError(r, trueMs)).isLessThan(0.02);
    }

    @Test
    void silenceIsSkippedAndCountedAndAPauseResumedLateShowsAsAStep() {
        Sound sound = new Sound(4);
        // Both play 0-2 s of the sound, pause 1 s, then play 2-4 s; the other is 0.1 ms late before the pause and
        // 0.6 ms late after it (it resumed late).
        DoubleUnaryOperator refPosition = t -> t < 2 ? t : t < 3 ? Double.NaN : t - 1;
        float[] ref = render(sound, refPosition, 5);
        float[] other = render(sound, t -> t < 2.0001 ? refPosition.applyAsDouble(t - 0.0001)
                : refPosition.applyAsDouble(t - 0.0006), 5);
        ChannelAlignment.Result r = ALIGNMENT.align(ref, other);
        System.out.println("pause 1 s, resumed 0.5 ms late: " + r.summary());
        assertThat(r.skippedSilent()).as("the second of pause, 25 ms hops").isBetween(36, 42);
        for (int i = 0; i < r.used(); i++) {
            double start = r.windowStartSeconds()[i];
            if (start < 1.9) {
                assertThat(r.offsetMs()[i]).isCloseTo(0.1, within(0.003));
            } else if (start > 3.01) {
                assertThat(r.offsetMs()[i]).isCloseTo(0.6, within(0.003));
            }
        }
    }

    @Test
    void aSpeedChangeOnBothChannelsKeepsTheirOffset() {
        Sound sound = new Sound(5);
        // 1x for 2 s, then 1.5x; the other 0.2 ms behind throughout.
        DoubleUnaryOperator position = t -> t < 2 ? t : 2 + 1.5 * (t - 2);
        float[] ref = render(sound, position, 4);
        float[] other = render(sound, t -> position.applyAsDouble(t - 0.0002), 4);
        ChannelAlignment.Result r = ALIGNMENT.align(ref, other);
        System.out.printf("speed 1x -> 1.5x, 0.2 ms behind: %s; worst error %.5f ms%n", r.summary(),
                worstError(r, 0.2));
        assertThat(r.used()).isGreaterThanOrEqualTo(150);
        assertThat(worstError(r, 0.2)).isLessThan(0.005);
    }

    @Test
    void aChannelRunningFastShowsAsAGrowingOffset() {
        Sound sound = new Sound(6);
        float[] ref = render(sound, t -> t, 6);
        // 100 ppm fast: 0.6 ms ahead after 6 s.
        float[] other = render(sound, t -> t * 1.0001, 6);
        ChannelAlignment.Result r = ALIGNMENT.align(ref, other);
        for (int i = 0; i < r.used(); i++) {
            assertThat(r.offsetMs()[i]).isCloseTo(-0.1 * r.windowStartSeconds()[i] - 0.0025, within(0.005));
        }
    }

    @Test
    void aPeriodicSoundIsAmbiguousNotAnOffset() {
        // 441 Hz: a period of 2.27 ms, nine periods within the ±20 ms searched.
        float[] ref = render(t -> 0.3 * Math.sin(2 * Math.PI * 441 * t), t -> t, 2);
        float[] other = render(t -> 0.3 * Math.sin(2 * Math.PI * 441 * t), t -> t - 0.0011, 2);
        ChannelAlignment.Result r = ALIGNMENT.align(ref, other);
        System.out.println("441 Hz sine: " + r.summary());
        assertThat(r.used()).isZero();
        assertThat(r.skippedAmbiguous()).isGreaterThanOrEqualTo(70);
    }

    @Test
    void unrelatedSoundsAreWeakNotAnOffset() {
        float[] ref = render(new Sound(7), t -> t, 2);
        float[] other = render(new Sound(8), t -> t, 2);
        ChannelAlignment.Result r = ALIGNMENT.align(ref, other);
        System.out.println("two unrelated sounds: " + r.summary());
        assertThat(r.used()).isLessThanOrEqualTo(r.skipped() / 10);
        assertThat(r.skippedWeak()).isGreaterThan(0);
    }

    @Test
    void aLargeOffsetIsFoundCoarselyThenExactly() {
        DoubleUnaryOperator bursts = bursts(new Sound(9));
        double trueMs = 731.27;
        float[] ref = render(bursts, t -> t, 8);
        float[] other = render(bursts, t -> t - trueMs / 1000, 8);
        int coarse = ChannelAlignment.coarseLag(ref, other, 2 * RATE, 32);
        assertThat(coarse * 1000.0 / RATE).isCloseTo(trueMs, within(5.0));
        ChannelAlignment.Result r = ALIGNMENT.align(ref, other, coarse);
        System.out.printf("731.27 ms: coarse %.2f ms, then %s%n", coarse * 1000.0 / RATE, r.summary());
        assertThat(r.used()).isGreaterThanOrEqualTo(200);
        assertThat(worstError(r, trueMs)).isLessThan(0.005);
    }

    @Test
    void aChannelThatJumpsIsFollowedSegmentBySegment() {
        DoubleUnaryOperator bursts = bursts(new Sound(10));
        // 400 ms behind for the first 3 s, then a dropout of 250 ms: 650 ms behind from there.
        float[] ref = render(bursts, t -> t, 6);
        float[] other = render(bursts, t -> t < 3.4 ? t - 0.4 : t < 3.65 ? Double.NaN : t - 0.65, 6);
        ChannelAlignment.Result r = ALIGNMENT.alignTracking(ref, other, 2 * RATE, 1.0);
        System.out.println("400 ms, then a 250 ms dropout: " + r.summary());
        for (int i = 0; i < r.used(); i++) {
            double start = r.windowStartSeconds()[i];
            if (start < 2.9) {
                assertThat(r.offsetMs()[i]).isCloseTo(400.0, within(0.005));
            } else if (start > 3.1) {
                assertThat(r.offsetMs()[i]).isCloseTo(650.0, within(0.005));
            }
        }
        assertThat(r.used()).isGreaterThanOrEqualTo(150);
        assertThat(r.jumps(1.0)).as("the dropout, once").isEqualTo(1);
    }

    @Test
    void quantilesAreNearestRankOfTheAbsoluteOffsets() {
        ChannelAlignment.Result r = new ChannelAlignment.Result(new double[5], new double[] {-0.5, 0.1, 0.2, -0.3, 0.4},
                0, 0, 0, 0, 0);
        assertThat(r.absQuantileMs(0.5)).isEqualTo(0.3);
        assertThat(r.absQuantileMs(0.99)).isEqualTo(0.5);
        assertThat(r.maxAbsMs()).isEqualTo(0.5);
        assertThat(r.medianMs()).isEqualTo(0.1);
        assertThat(r.jumps(0.5)).as("-0.5 to 0.1 (confirmed by 0.2)").isEqualTo(1);
        assertThat(r.outliers(0.5)).as("-0.3, off 0.2 before and 0.4 after").isEqualTo(1);
    }
}
