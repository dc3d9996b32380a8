package org.audifleet.player.sink;

/** Alignment and comparison of a recording with what was played (test support). */
final class SignalMath {

    private SignalMath() {
    }

    /**
     * The offset into {@code recorded} where {@code played} fits best, by FFT cross-correlation; negative when the
     * recording started after the playback did.
     */
    static int bestLag(short[] recorded, double[] played) {
        int n = Integer.highestOneBit(recorded.length + played.length) * 2;
        double[] ar = new double[n];
        double[] ai = new double[n];
        double[] br = new double[n];
        double[] bi = new double[n];
        for (int i = 0; i < recorded.length; i++) {
            ar[i] = recorded[i];
        }
        System.arraycopy(played, 0, br, 0, played.length);
        fft(ar, ai, false);
        fft(br, bi, false);
        for (int i = 0; i < n; i++) {
            // A × conj(B): correlation, not convolution
            double re = ar[i] * br[i] + ai[i] * bi[i];
            double im = ai[i] * br[i] - ar[i] * bi[i];
            ar[i] = re;
            ai[i] = im;
        }
        fft(ar, ai, true);
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int lag = -played.length + 1; lag < recorded.length; lag++) {
            double v = ar[lag < 0 ? n + lag : lag];
            if (v > bestValue) {
                bestValue = v;
                best = lag;
            }
        }
        return best;
    }

    /** Signal-to-noise of the recording against the played signal scaled by the least-squares gain. */
    static double snrDb(short[] recorded, int lag, double[] played, int from) {
        double rp = 0;
        double pp = 0;
        for (int i = from; i < played.length; i++) {
            rp += recorded[lag + i] * played[i];
            pp += played[i] * played[i];
        }
        double gain = rp / pp;
        double noise = 0;
        for (int i = from; i < played.length; i++) {
            double e = recorded[lag + i] - gain * played[i];
            noise += e * e;
        }
        return 10 * Math.log10(gain * gain * pp / Math.max(noise, 1e-9));
    }

    static int maxStep(short[] recorded, int from, int length) {
        int worst = 0;
        for (int i = from + 1; i < from + length && i < recorded.length; i++) {
            worst = Math.max(worst, Math.abs(recorded[i] - recorded[i - 1]));
        }
        return worst;
    }

    /** In-place iterative radix-2 FFT; {@code inverse} also scales by 1/n. */
    static void fft(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double angle = 2 * Math.PI / len * (inverse ? 1 : -1);
            double wr = Math.cos(angle);
            double wi = Math.sin(angle);
            for (int i = 0; i < n; i += len) {
                double cr = 1;
                double ci = 0;
                for (int k = 0; k < len / 2; k++) {
                    int a = i + k;
                    int b = a + len / 2;
                    double xr = re[b] * cr - im[b] * ci;
                    double xi = re[b] * ci + im[b] * cr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                    double t = cr * wr - ci * wi;
                    ci = cr * wi + ci * wr;
                    cr = t;
                }
            }
        }
        if (inverse) {
            for (int i = 0; i < n; i++) {
                re[i] /= n;
                im[i] /= n;
            }
        }
    }
}
