package org.audifleet.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TraceProcessorTests {

    private static final double RATE = 100;

    /** Steady-state amplitude ratio of the high-pass for a sine at {@code hz}, in dB. */
    private static double gainDb(double cornerHz, double hz) {
        HighPassFilter f = new HighPassFilter(cornerHz, RATE);
        int periods = 30;
        int n = (int) Math.round(periods * RATE / hz);
        int settle = n / 2;
        double peak = 0;
        for (int i = 0; i < n; i++) {
            double y = f.next(Math.sin(2 * Math.PI * hz * i / RATE));
            if (i >= settle) {
                peak = Math.max(peak, Math.abs(y));
            }
        }
        return 20 * Math.log10(peak);
    }

    @Test
    void highPassIsThreeDecibelsDownAtEachCorner() {
        for (double corner : HighPassFilter.CORNERS_HZ) {
            assertThat(gainDb(corner, corner)).as("gain at %s Hz", corner).isCloseTo(-3.01, within(0.1));
            // Butterworth: flat a decade above, -40 dB/decade a decade below.
            assertThat(gainDb(corner, corner * 10)).isCloseTo(0, within(0.1));
            assertThat(gainDb(corner, corner / 10)).isCloseTo(-40, within(1.0));
        }
    }

    @Test
    void highPassRemovesDcWithoutAStartTransient() {
        TraceProcessor p = new TraceProcessor(RATE, Detrend.Mode.NONE, 0.02);
        int[] in = new int[20_000];
        for (int i = 0; i < in.length; i++) {
            in[i] = 1_500_000 + (int) Math.round(1000 * Math.sin(2 * Math.PI * 1.0 * i / RATE));
        }
        int[] out = new int[in.length];
        p.process(in, 0, in.length, out, 0);
        double mean = 0;
        int maxAbs = 0;
        for (int v : out) {
            mean += v;
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        mean /= out.length;
        assertThat(mean).isCloseTo(0, within(5.0));
        // Primed with the first sample: the 1.5 M offset never shows up as a step.
        assertThat(maxAbs).isLessThan(1100);
    }

    @Test
    void constantInputGivesZeroesAndAGapRestartsTheFilterPrimed() {
        TraceProcessor p = new TraceProcessor(RATE, Detrend.Mode.NONE, 0.01);
        int[] in = new int[1000];
        java.util.Arrays.fill(in, 800_000);
        int[] out = new int[1000];
        p.process(in, 0, 1000, out, 0);
        assertThat(out).containsOnly(0);
        p.gap(5000);
        java.util.Arrays.fill(in, 900_000);
        p.process(in, 0, 1000, out, 0);
        assertThat(out).containsOnly(0);
    }

    @Test
    void meanRemovalOverWhatIsKnownSoFar() {
        TraceProcessor p = new TraceProcessor(RATE, Detrend.Mode.MEAN, 0);
        int[] a = {10, 20, 30};
        int[] out = new int[3];
        p.process(a, 0, 3, out, 0);
        assertThat(out).containsExactly(-10, 0, 10);
        int[] b = {50};
        p.process(b, 0, 1, out, 0);
        assertThat(out[0]).isEqualTo(23); // 50 minus the running mean of 10, 20, 30, 50 (27.5), rounded half up
    }

    @Test
    void linearDetrendRemovesARampAcrossBlocksAndGaps() {
        Detrend d = new Detrend(Detrend.Mode.LINEAR);
        TraceProcessor p = new TraceProcessor(RATE, d, 0);
        int[] block = new int[500];
        int[] out = new int[500];
        long t = 0;
        for (int k = 0; k < 6; k++) {
            for (int i = 0; i < block.length; i++) {
                block[i] = (int) (1000 + 3 * (t + i));
            }
            p.process(block, 0, block.length, out, 0);
            assertThat(java.util.Arrays.stream(out).map(Math::abs).max().getAsInt()).isLessThanOrEqualTo(1);
            t += block.length;
            p.gap(250);
            t += 250;
        }
        assertThat(d.slope()).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void retuningToTheSameCornerKeepsTheFilterAsConstructed() {
        HighPassFilter built = new HighPassFilter(0.02, RATE);
        HighPassFilter tuned = new HighPassFilter(0.045, RATE);
        tuned.tune(0.02 / RATE);
        for (int i = 0; i < 5000; i++) {
            double x = 1000 * Math.sin(i * 0.01) + i;
            assertThat(tuned.next(x)).isEqualTo(built.next(x));
        }
    }
}
