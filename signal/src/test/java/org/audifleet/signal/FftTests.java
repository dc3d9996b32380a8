package org.audifleet.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FftTests {

    /** The definition, O(n^2): what the FFT must agree with. */
    private static double[][] dft(double[] re, double[] im) {
        int n = re.length;
        double[][] out = new double[2][n];
        for (int k = 0; k < n; k++) {
            for (int t = 0; t < n; t++) {
                double a = -2 * Math.PI * k * t / n;
                out[0][k] += re[t] * Math.cos(a) - im[t] * Math.sin(a);
                out[1][k] += re[t] * Math.sin(a) + im[t] * Math.cos(a);
            }
        }
        return out;
    }

    @Test
    void agreesWithTheDefinitionOnRandomComplexInput() {
        Random random = new Random(13);
        for (int n : new int[] {2, 4, 8, 64, 512}) {
            double[] re = new double[n];
            double[] im = new double[n];
            for (int i = 0; i < n; i++) {
                re[i] = random.nextGaussian() * 1e5;
                im[i] = random.nextGaussian() * 1e5;
            }
            double[][] want = dft(re, im);
            new Fft(n).forward(re, im);
            for (int k = 0; k < n; k++) {
                assertThat(re[k]).as("re[%d] of %d", k, n).isCloseTo(want[0][k], within(1e-6 * 1e5 * n));
                assertThat(im[k]).as("im[%d] of %d", k, n).isCloseTo(want[1][k], within(1e-6 * 1e5 * n));
            }
        }
    }

    @Test
    void keepsParsevalsEnergy() {
        Random random = new Random(7);
        int n = 4096;
        double[] re = new double[n];
        double[] im = new double[n];
        double energy = 0;
        for (int i = 0; i < n; i++) {
            re[i] = random.nextGaussian();
            energy += re[i] * re[i];
        }
        new Fft(n).forward(re, im);
        double spectral = 0;
        for (int k = 0; k < n; k++) {
            spectral += re[k] * re[k] + im[k] * im[k];
        }
        assertThat(spectral / n).isCloseTo(energy, within(energy * 1e-12));
    }

    @Test
    void putsABinCentredToneInItsBinOnly() {
        int n = 256;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = 3 * Math.cos(2 * Math.PI * 10 * i / n);
        }
        new Fft(n).forward(re, im);
        for (int k = 0; k < n; k++) {
            double m = Math.hypot(re[k], im[k]);
            assertThat(m).as("bin %d", k).isCloseTo(k == 10 || k == n - 10 ? 3 * n / 2.0 : 0, within(1e-9));
        }
    }

    @Test
    void refusesASizeThatIsNotAPowerOfTwo() {
        assertThatThrownBy(() -> new Fft(100)).hasMessageContaining("power of two");
    }
}
