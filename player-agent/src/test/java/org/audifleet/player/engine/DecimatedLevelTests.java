package org.audifleet.player.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Measures the decimated levels against their design, read the way the renderer reads them (the level
 * {@link Renderer#levelFor} picks, at the position and step divided by its factor): at fast steps the passband
 * stays flat, tones above the output's Nyquist frequency (including those a 4:1 step folds onto DC) stay far
 * down, and where the renderer switches levels the two readings agree.
 */
class DecimatedLevelTests {

    private static final double AMPLITUDE = 1e9;
    private static final int FRAMES = 2000;
    private static final double[] FAST_STEPS = {16, 20, 63.9, 64, 100, 256, 300, 340.1};

    /** A session of {@code length} samples holding one sine of {@code cyclesPerSample}, complete. */
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

    private static int startFor(double step) {
        return (int) (200 * step) + 10_000; // past the filters' reach from the session start
    }

    private static int lengthFor(double step) {
        return 2 * startFor(step) + (int) (FRAMES * step);
    }

    /** What the renderer's voice plays at {@code step} from {@code start}, frame by frame, in counts. */
    private static double[] read(SessionBuffer buffer, double step, double start) {
        Resampler resampler = new Resampler(EngineSettings.DEFAULT_RESAMPLER_TAPS);
        int level = Renderer.levelFor(step);
        SampleSource source = level == 0 ? buffer : buffer.level(level - 1);
        double scale = level == 0 ? 1 : 1.0 / buffer.level(level - 1).factor();
        double[] y = new double[FRAMES];
        double pos = start;
        for (int k = 0; k < FRAMES; k++, pos += step) {
            y[k] = resampler.valueAt(source, source.available(), pos * scale, step * scale);
        }
        return y;
    }

    private static double gainDb(double[] y, double cyclesPerSample, double step, double start) {
        double ss = 0, sc = 0, cc = 0, ys = 0, yc = 0;
        for (int k = 0; k < y.length; k++) {
            double phase = 2 * Math.PI * cyclesPerSample * (start + k * step);
            double s = Math.sin(phase);
            double c = Math.cos(phase);
            ss += s * s;
            sc += s * c;
            cc += c * c;
            ys += y[k] * s;
            yc += y[k] * c;
        }
        double det = ss * cc - sc * sc;
        return 20 * Math.log10(Math.hypot((ys * cc - yc * sc) / det, (yc * ss - ys * sc) / det) / AMPLITUDE);
    }

    private static double rmsDb(double[] y, double reference) {
        double sum = 0;
        for (double v : y) {
            sum += v * v;
        }
        return 20 * Math.log10(Math.sqrt(sum / y.length) / reference);
    }

    @Test
    void theRendererReadsTheSessionBelowStep16AndTheCoarsestLevelThatKeeps4LevelSamplesAFrame() {
        assertThat(Renderer.levelFor(1.0)).isZero();
        assertThat(Renderer.levelFor(15.99)).isZero();
        assertThat(Renderer.levelFor(16)).isEqualTo(1);
        assertThat(Renderer.levelFor(64)).isEqualTo(2);
        assertThat(Renderer.levelFor(256)).isEqualTo(3);
        assertThat(Renderer.levelFor(340.1)).isEqualTo(3);
        assertThat(340.1 / 64).isLessThan(6); // 10,000x x 15 for 100 Hz data: 5.3 level samples a frame
    }

    @Test
    void passbandIsFlatWithinAHundredthOfADecibelUpTo84PercentOfTheOutputsNyquist() {
        double worst = 0;
        for (double step : FAST_STEPS) {
            double outputNyquist = 0.5 / step;
            for (double f : new double[] {0.01, 0.2, 0.5, 0.7, 0.84}) {
                double cps = f * outputNyquist;
                double start = startFor(step) + 0.377;
                double db = gainDb(read(sine(cps, lengthFor(step)), step, start), cps, step, start);
                worst = Math.max(worst, Math.abs(db));
            }
        }
        System.out.printf("decimated passband: worst deviation %.5f dB up to 0.84 of the output's Nyquist%n", worst);
        assertThat(worst).isLessThan(0.01);
    }

    @Test
    void rejectsAliasesByAtLeast80DbAtFastSteps() {
        double worst = -400;
        double worstAt = 0;
        for (double step : FAST_STEPS) {
            double outputNyquist = 0.5 / step;
            // Just above the output's Nyquist frequency, and where 4:1 steps fold onto DC or the passband.
            double[] tones = {1.0 * outputNyquist, 1.1 * outputNyquist, 1.5 * outputNyquist, 1.9 * outputNyquist,
                0.25 / 16, 0.25 / 4, 0.25, 0.25 + 0.3 * outputNyquist, 0.4, 0.499};
            for (double cps : tones) {
                if (cps >= 0.5 || cps < outputNyquist) {
                    continue;
                }
                double db = rmsDb(read(sine(cps, lengthFor(step)), step, startFor(step) + 0.377),
                        AMPLITUDE / Math.sqrt(2));
                if (db > worst) {
                    worst = db;
                    worstAt = step;
                }
            }
        }
        System.out.printf("decimated alias rejection: worst %.1f dB (at step %.1f)%n", worst, worstAt);
        assertThat(worst).isLessThan(-80);
    }

    @Test
    void whereTheRendererSwitchesLevelsBothReadingsAgreeWithinTheResamplersOwnError() {
        // Broadband noise: every frequency, the band that matters for a click included.
        int n = 400_000;
        SessionBuffer buffer = new SessionBuffer(n);
        int[] counts = new int[n];
        Random random = new Random(9);
        for (int i = 0; i < n; i++) {
            counts[i] = (int) (AMPLITUDE * (random.nextDouble() - 0.5));
        }
        buffer.appendSamples(counts, 0, n);
        buffer.endOfSession();
        Resampler resampler = new Resampler(EngineSettings.DEFAULT_RESAMPLER_TAPS);
        double worst = -400;
        for (int level = 1; level <= SessionBuffer.LEVELS; level++) {
            double step = DecimationFilter.MIN_LEVEL_STEP * (1 << (2 * level)); // 16, 64, 256
            SampleSource finer = level == 1 ? buffer : buffer.level(level - 2);
            DecimatedLevel coarser = buffer.level(level - 1);
            double finerScale = level == 1 ? 1 : 1.0 / buffer.level(level - 2).factor();
            double coarserScale = 1.0 / coarser.factor();
            double err = 0;
            double sig = 0;
            for (double pos = 50_000.377; pos < n - 50_000; pos += step) {
                double a = resampler.valueAt(finer, finer.available(), pos * finerScale, step * finerScale);
                double b = resampler.valueAt(coarser, coarser.available(), pos * coarserScale, step * coarserScale);
                err += (a - b) * (a - b);
                sig += a * a;
            }
            worst = Math.max(worst, 10 * Math.log10(err / sig));
        }
        System.out.printf("level switch: the two readings differ by %.1f dB of the signal (worst of 3)%n", worst);
        assertThat(worst).isLessThan(-70);
    }

    @Test
    void levelsCostAThirdOfTheSessionsPagesAndTrailItByTheFilterUntilItIsComplete() {
        int n = 10 * SessionBuffer.PAGE_SIZE;
        SessionBuffer buffer = new SessionBuffer(24L * 360_000);
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            counts[i] = (int) (1e6 * Math.sin(i * 0.01));
        }
        buffer.appendSamples(counts, 0, n);
        assertThat(buffer.level(0).available()).isEqualTo((n - 1 - DecimationFilter.HALF_TAPS) / 4 + 1);
        assertThat(buffer.level(2).available() * 64).isLessThan(n);
        assertThat(buffer.decimatedMemoryBytes()).isLessThanOrEqualTo(buffer.memoryBytes() / 3 + 1);
        assertThat(buffer.decimatedMemoryBytes()).isEqualTo(buffer.memoryBytes() * 21 / 64);
        buffer.appendGap(1_000_000); // a gap allocates nothing past its edge
        long atGap = buffer.decimatedMemoryBytes();
        buffer.endOfSession();
        assertThat(buffer.decimatedMemoryBytes()).isEqualTo(atGap);
        long all = n + 1_000_000L;
        assertThat(buffer.level(0).available()).isEqualTo((all + 3) / 4);
        assertThat(buffer.level(1).available()).isEqualTo((all + 15) / 16);
        assertThat(buffer.level(2).available()).isEqualTo((all + 63) / 64);
        // A constant stays the same constant at every level (unity gain at DC).
        SessionBuffer flat = new SessionBuffer(100_000);
        int[] ones = new int[100_000];
        Arrays.fill(ones, 1000);
        flat.appendSamples(ones, 0, ones.length);
        DecimatedLevel coarsest = flat.level(2);
        assertThat(coarsest.value(500, coarsest.available())).isCloseTo(1000, within(1e-3));
    }
}
