package org.audifleet.player.engine;

/**
 * Band-limited interpolation of the session at any fractional source position: a Kaiser-windowed sinc of fixed
 * length, tabulated once (in the constructor, i.e. at engine configure) at {@link #TABLE_STEPS} points per source
 * sample and read with linear interpolation between table points, which makes every fractional phase available
 * (a polyphase table with 512 phases per sample, interpolated).
 *
 * <p>Design, for {@code taps} = 64 (32 zero crossings a side): Kaiser β = 7.86 for 80 dB stopband, transition
 * width from Kaiser's formula 0.159 × Nyquist, so the stopband starts at the lower rate's Nyquist frequency and the
 * passband ends at 0.84 × Nyquist; cutoff (−6 dB) 0.92 × Nyquist. Reading faster than 1 source sample per output
 * frame, the kernel is stretched by the step so the cutoff follows the output's Nyquist frequency (anti-alias);
 * slower, it stays at the source's (anti-image). The cost per output frame is taps × max(1, step) multiply-adds.
 *
 * <p>At a step of exactly 1.0 and an integer position the sample is returned as it is: bit-exact pass-through,
 * which the normal 100 Hz × 441 → 44.1 kHz playback always is.
 */
final class Resampler {

    static final int TABLE_STEPS = 512;
    static final double STOPBAND_DB = 80;

    private final int zeroCrossings;
    private final double cutoff;
    private final double passbandEdge;
    private final double[] table;
    private final double[] slope;
    private final int tableEnd;

    Resampler(int taps) {
        if (taps < 8 || taps % 2 != 0) {
            throw new IllegalArgumentException("taps must be even and at least 8: " + taps);
        }
        zeroCrossings = taps / 2;
        double beta = 0.1102 * (STOPBAND_DB - 8.7);
        double transition = (STOPBAND_DB - 8) / (2.285 * Math.PI * (taps - 1));
        passbandEdge = 1 - transition;
        cutoff = 1 - transition / 2;
        tableEnd = zeroCrossings * TABLE_STEPS;
        table = new double[tableEnd + 1];
        slope = new double[tableEnd];
        double i0Beta = besselI0(beta);
        for (int i = 0; i <= tableEnd; i++) {
            double u = (double) i / TABLE_STEPS;
            double r = u / zeroCrossings;
            double window = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
            table[i] = cutoff * sinc(cutoff * u) * window;
        }
        for (int i = 0; i < tableEnd; i++) {
            slope[i] = table[i + 1] - table[i];
        }
    }

    /** Source samples either side of a position the interpolation reads at this step. */
    int reach(double step) {
        return (int) Math.ceil(zeroCrossings * Math.max(1.0, step)) + 1;
    }

    double passbandEdge() {
        return passbandEdge;
    }

    /**
     * The band-limited value of the session at {@code pos} when reading {@code step} source samples per output
     * frame; samples at or past {@code limit} read as 0.
     */
    double valueAt(SampleSource source, long limit, double pos, double step) {
        long n = (long) Math.floor(pos);
        double frac = pos - n;
        if (frac == 0.0 && step == 1.0) {
            return source.value(n, limit);
        }
        double scale = step > 1.0 ? 1.0 / step : 1.0;
        double du = TABLE_STEPS * scale;
        double acc = 0;
        // Left wing: samples n, n-1, ... at distances frac, frac+1, ... (in table units, stretched by the step).
        double u = frac * du;
        for (long k = n; u < tableEnd; k--, u += du) {
            int i = (int) u;
            acc += source.value(k, limit) * (table[i] + (u - i) * slope[i]);
        }
        // Right wing: samples n+1, n+2, ... at distances 1-frac, 2-frac, ...
        u = (1.0 - frac) * du;
        for (long k = n + 1; u < tableEnd; k++, u += du) {
            int i = (int) u;
            acc += source.value(k, limit) * (table[i] + (u - i) * slope[i]);
        }
        return acc * scale;
    }

    /** sin(πx)/(πx); also the decimation filter's. */
    static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** The modified Bessel function I0, for Kaiser windows (also the decimation filter's). */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double half = x / 2;
        for (int k = 1; k < 200; k++) {
            term *= (half / k) * (half / k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }
}
