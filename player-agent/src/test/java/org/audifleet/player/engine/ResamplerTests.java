package org.audifleet.player.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Measures the interpolator against its design: passband flat to 0.84 × Nyquist of the lower rate, and everything
 * beyond that Nyquist frequency (aliases when reading fast, images when reading slow) at least 80 dB down.
 */
class ResamplerTests {

    private static final double AMPLITUDE = 1e9; // int32 counts: quantisation sits ~190 dB down, out of the way
    private static final int START = 20_000;
    private static final int FRAMES = 4000;

    private final Resampler resampler = new Resampler(EngineSettings.DEFAULT_RESAMPLER_TAPS);

    /** A sine of {@code cyclesPerSample} (0.5 = Nyquist) as the only content of a session. */
    private static SessionBuffer sine(double cyclesPerSample, int length) {
        SessionBuffer buffer = new SessionBuffer(length);
        int[] counts = new int[length];
        for (int i = 0; i < length; i++) {
            counts[i] = (int) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * cyclesPerSample * i));
        }
        buffer.appendSamples(counts, 0, length);
        buffer.endOfSession();
        return buffer;
    }

    /** Output of reading {@code buffer} from START at {@code step} source samples per frame, in counts. */
    private double[] read(SessionBuffer buffer, double step, double startFraction) {
        double[] y = new double[FRAMES];
        double pos = START + startFraction;
        for (int k = 0; k < FRAMES; k++, pos += step) {
            y[k] = resampler.valueAt(buffer, buffer.available(), pos, step);
        }
        return y;
    }

    /** Gain in dB of the output at the input tone, by least squares against the ideal sine and cosine. */
    private static double gainDb(double[] y, double cyclesPerSample, double step, double startFraction) {
        double ss = 0, sc = 0, cc = 0, ys = 0, yc = 0;
        for (int k = 0; k < y.length; k++) {
            double phase = 2 * Math.PI * cyclesPerSample * (START + startFraction + k * step);
            double s = Math.sin(phase);
            double c = Math.cos(phase);
            ss += s * s;
            sc += s * c;
            cc += c * c;
            ys += y[k] * s;
            yc += y[k] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (ys * cc - yc * sc) / det;
        double b = (yc * ss - ys * sc) / det;
        return 20 * Math.log10(Math.hypot(a, b) / AMPLITUDE);
    }

    private static double rmsDb(double[] y) {
        double sum = 0;
        for (double v : y) {
            sum += v * v;
        }
        return 20 * Math.log10(Math.sqrt(sum / y.length) / (AMPLITUDE / Math.sqrt(2)));
    }

    /** Worst ratio (dB) of what is left after removing the ideal output tone, to the tone. */
    private static double residualDb(double[] y, double cyclesPerSample, double step, double startFraction) {
        double err = 0;
        double sig = 0;
        for (int k = 0; k < y.length; k++) {
            double ideal = AMPLITUDE * Math.sin(2 * Math.PI * cyclesPerSample * (START + startFraction + k * step));
            err += (y[k] - ideal) * (y[k] - ideal);
            sig += ideal * ideal;
        }
        return 10 * Math.log10(err / sig);
    }

    @Test
    void passesSamplesThroughBitExactlyAtStepOne() {
        SessionBuffer buffer = sine(0.123, 30_000);
        for (int i = START; i < START + 1000; i++) {
            assertThat(resampler.valueAt(buffer, buffer.available(), i, 1.0))
                    .isEqualTo((double) buffer.sample(i, buffer.available()));
        }
    }

    @Test
    void passbandIsFlatWithinAHundredthOfADecibelUpTo84PercentOfNyquist() {
        double worst = 0;
        for (double step : new double[] {0.1, 0.37, 0.8, 1.0, 1.3, 2.0, 4.5, 15.0}) {
            double lowerNyquist = 0.5 / Math.max(1, step); // cycles per source sample
            for (double f : new double[] {0.01, 0.2, 0.5, 0.7, 0.84}) {
                double cps = f * lowerNyquist;
                SessionBuffer buffer = sine(cps, START * 2 + (int) (FRAMES * step));
                double db = gainDb(read(buffer, step, 0.377), cps, step, 0.377);
                worst = Math.max(worst, Math.abs(db));
            }
        }
        System.out.printf("resampler passband: worst deviation %.5f dB up to 0.84 Nyquist%n", worst);
        assertThat(worst).isLessThan(0.01);
    }

    @Test
    void rejectsAliasesByAtLeast80DbWhenReadingFast() {
        double worst = -400;
        for (double step : new double[] {1.3, 2.0, 4.5, 15.0}) {
            double outputNyquist = 0.5 / step; // cycles per source sample
            for (double f : new double[] {1.0, 1.1, 1.5, 1.9}) {
                double cps = f * outputNyquist;
                if (cps >= 0.5) {
                    continue;
                }
                SessionBuffer buffer = sine(cps, START * 2 + (int) (FRAMES * step));
                worst = Math.max(worst, rmsDb(read(buffer, step, 0.377)));
            }
        }
        System.out.printf("resampler alias rejection: worst %.1f dB (tones above the output's Nyquist)%n", worst);
        assertThat(worst).isLessThan(-80);
    }

    @Test
    void rejectsImagesByAtLeast80DbWhenReadingSlow() {
        double worst = -400;
        for (double step : new double[] {0.1, 0.25, 0.7, 0.999}) {
            for (double f : new double[] {0.1, 0.5, 0.84}) {
                double cps = f * 0.5;
                SessionBuffer buffer = sine(cps, START * 2 + (int) (FRAMES * step) + 100);
                worst = Math.max(worst, residualDb(read(buffer, step, 0.377), cps, step, 0.377));
            }
        }
        System.out.printf("resampler image + interpolation error: worst %.1f dB below the tone%n", worst);
        assertThat(worst).isLessThan(-80);
    }
}
