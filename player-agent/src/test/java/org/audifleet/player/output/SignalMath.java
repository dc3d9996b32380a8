package org.audifleet.player.output;

import java.util.ArrayList;
import java.util.List;

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

    /**
     * Walks the recording along what was played, from played index {@code from} at recording index
     * {@code lag + from}, and returns every stretch of silence the device inserted, as {played index, frames}: where
     * the two stop matching (within {@code tolerance} LSB), the next {@code window} played samples are found again
     * up to {@code maxShift} frames later in the recording, and the skipped recording must be silent. Fails with a
     * message when the played audio cannot be found again (audio lost rather than delayed). Stops where the
     * recording ends.
     */
    static List<int[]> insertedSilences(short[] recorded, int lag, double[] played, int from, int maxShift,
            int tolerance, int window) {
        List<int[]> silences = new ArrayList<>();
        int i = from;
        int j = lag + from;
        while (i < played.length && j < recorded.length) {
            if (Math.abs(recorded[j] - played[i]) <= tolerance) {
                i++;
                j++;
                continue;
            }
            int shift = -1;
            for (int d = 1; d <= maxShift && shift < 0; d++) {
                if (matches(recorded, j + d, played, i, Math.min(window, played.length - i), tolerance)) {
                    shift = d;
                }
            }
            if (shift < 0) {
                if (j + window >= recorded.length) {
                    break; // the recording ends inside the comparison window
                }
                throw new AssertionError("played sample " + i + " is not in the recording within " + maxShift
                        + " frames of " + j + " (recording " + recorded.length + " frames, played " + played.length
                        + "): audio was lost, not delayed; recorded there " + java.util.Arrays.toString(
                        java.util.Arrays.copyOfRange(recorded, j, Math.min(recorded.length, j + 8))) + ", played "
                        + java.util.Arrays.toString(java.util.Arrays.copyOfRange(played, i, i + 8)));
            }
            for (int k = j; k < j + shift; k++) {
                if (Math.abs(recorded[k]) > tolerance) {
                    throw new AssertionError("recording frames " + j + ".." + (j + shift) + " should be inserted"
                            + " silence but frame " + k + " is " + recorded[k]);
                }
            }
            silences.add(new int[] {i, shift});
            j += shift;
        }
        return silences;
    }

    private static boolean matches(short[] recorded, int at, double[] played, int from, int length, int tolerance) {
        if (at + length > recorded.length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (Math.abs(recorded[at + k] - played[from + k]) > tolerance) {
                return false;
            }
        }
        return true;
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
