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
     * One place where the recording stops following what was played, at played index {@code at}: {@code silent}
     * frames of silence, then playback goes on at played index {@code at + skipped}. A line that ran dry (or a
     * device that stood still) inserts silence and skips nothing. A null sink that rewinds leaves one more shape:
     * it replaced part of the silence it had rendered ahead with the late audio, but its monitor had already
     * passed that silence on and drops as many frames of what replaced it, so the sink played
     * {@code silent - skipped} frames of silence and lost nothing (the sink's count matched that, ENGINE.md,
     * "Device dropouts"). More frames missing than silent ones means audio that never reached the recording.
     */
    record Discontinuity(int at, int silent, int skipped) {

        boolean lostAudio() {
            return skipped < 0 || skipped > silent;
        }

        /** Frames of silence the sink played here. */
        int heardSilence() {
            return silent - Math.max(0, skipped);
        }

        String describe(int rate) {
            String where = String.format("at %.3f s", at / (double) rate);
            if (skipped == 0) {
                return String.format("%.1f ms silence %s", silent * 1000.0 / rate, where);
            }
            return String.format("%.1f ms silence then %d played frames missing %s", silent * 1000.0 / rate,
                    skipped, where);
        }
    }

    /**
     * Walks the recording along what was played, from played index {@code from} at recording index
     * {@code lag + from}, and returns every place the two part (within {@code tolerance} LSB): the recording is
     * silent for a while and then the next {@code window} recorded samples are found in what was played, at the
     * same place (inserted silence) or further on (audio lost), up to {@code maxShift} frames either way. Fails
     * with a message when the recording goes on with something that was never played. Stops where the recording
     * or the playback ends.
     */
    static List<Discontinuity> discontinuities(short[] recorded, int lag, double[] played, int from, int maxShift,
            int tolerance, int window) {
        List<Discontinuity> found = new ArrayList<>();
        int i = from;
        int j = lag + from;
        while (i < played.length && j < recorded.length) {
            if (Math.abs(recorded[j] - played[i]) <= tolerance) {
                i++;
                j++;
                continue;
            }
            // Silence first (a run of near-zero samples), then the content it continues with; that content may
            // itself start with a few near-zero samples, so the last frames of the run are tried too.
            int run = 0;
            while (j + run < recorded.length && Math.abs(recorded[j + run]) <= tolerance) {
                run++;
            }
            int silent = 0;
            int resumes = find(recorded, j, played, i, from, maxShift, tolerance, window);
            for (int s = Math.max(1, run - 8); resumes < 0 && s <= run && j + s + window <= recorded.length; s++) {
                resumes = find(recorded, j + s, played, i, from, maxShift, tolerance, window);
                silent = s;
            }
            if (resumes < 0) {
                if (j + silent + window > recorded.length || played.length - i < window) {
                    break; // the recording or the playback ends inside the comparison window
                }
                throw new AssertionError("recording frame " + (j + silent) + " (after " + silent + " silent frames"
                        + ") matches nothing played within " + maxShift + " frames of played sample " + i
                        + " (recording " + recorded.length + " frames, played " + played.length + "); recorded there "
                        + java.util.Arrays.toString(java.util.Arrays.copyOfRange(recorded, j + silent,
                                Math.min(recorded.length, j + silent + 8))) + ", played "
                        + java.util.Arrays.toString(java.util.Arrays.copyOfRange(played, i, i + 8)));
            }
            found.add(new Discontinuity(i, silent, resumes - i));
            j += silent;
            i = resumes;
        }
        return found;
    }

    /**
     * The played index nearest {@code near} (within {@code maxShift}, not before {@code from}) where
     * recorded[at..at+window) was played; only audible stretches count, so silence is never "found" in a gap.
     */
    private static int find(short[] recorded, int at, double[] played, int near, int from, int maxShift,
            int tolerance, int window) {
        for (int d = 0; d <= maxShift; d++) {
            int k = near + d;
            if (k + window <= played.length && matches(recorded, at, played, k, window, tolerance)
                    && audible(played, k, window, tolerance)) {
                return k;
            }
            k = near - d;
            if (d > 0 && k >= from && matches(recorded, at, played, k, window, tolerance)
                    && audible(played, k, window, tolerance)) {
                return k;
            }
        }
        return -1;
    }

    private static boolean audible(double[] played, int from, int length, int tolerance) {
        for (int k = from; k < from + length; k++) {
            if (Math.abs(played[k]) > 16 * tolerance) {
                return true;
            }
        }
        return false;
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
