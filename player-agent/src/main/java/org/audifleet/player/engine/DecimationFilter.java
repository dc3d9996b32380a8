package org.audifleet.player.engine;

/**
 * The anti-alias low-pass of one 4:1 decimation step: a Kaiser-windowed sinc, linear phase, with an odd number of
 * taps centred on the output sample, so that output {@code m} sits exactly at input {@code 4m} (a decimated level
 * is read at the session position divided by its factor, with no delay to correct).
 *
 * <p>Design (in cycles per input sample): cutoff 1/8 (the output's Nyquist frequency, which makes it a quarter-band
 * filter: every fourth tap is zero), passband to 1/16, stopband from 3/16, {@value #STOPBAND_DB} dB, so
 * Kaiser β = 10.06 and {@value #HALF_TAPS} taps a side (Kaiser's formula asks for 26). Why those edges: the
 * renderer reads a level only at {@value #MIN_LEVEL_STEP} or more of its samples per output frame, so the
 * {@link Resampler} keeps at most 1/(2 × {@value #MIN_LEVEL_STEP}) = 1/8 cycles per level sample (1/32 of the
 * input rate) and rejects everything above it. The passband covers that whole band and its transition with room
 * to spare; what this step lets fold back comes from above 3/16 of the input rate, i.e. above 3/4 of the output
 * rate, and folds to at least 1/4 of the output rate, where the resampler rejects it. A windowed sinc rather than
 * a half-band pair: one 4:1 step per level keeps one design to measure ({@code DecimatedLevelTests}), and its cost
 * (43 non-zero taps per output, on the producer thread) is a small part of decoding a block.
 */
final class DecimationFilter {

    static final int FACTOR = 4;
    static final int HALF_TAPS = 28;
    static final double STOPBAND_DB = 100;
    /** Fewest level samples per output frame at which a level is read (see {@code Renderer}'s level choice). */
    static final double MIN_LEVEL_STEP = 4;

    static final DecimationFilter QUARTER_BAND = new DecimationFilter();

    private final double centre;
    /** Non-zero taps either side of the centre: {@code coefficient[i]} applies at distance {@code offset[i]}. */
    private final int[] offset;
    private final double[] coefficient;

    private DecimationFilter() {
        double beta = 0.1102 * (STOPBAND_DB - 8.7);
        double cutoff = 0.5 / FACTOR;
        double[] h = new double[HALF_TAPS + 1];
        double i0Beta = Resampler.besselI0(beta);
        double sum = 0;
        for (int j = 0; j <= HALF_TAPS; j++) {
            double r = (double) j / (HALF_TAPS + 1);
            double window = Resampler.besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta;
            h[j] = j % FACTOR == 0 && j != 0 ? 0 : 2 * cutoff * Resampler.sinc(2 * cutoff * j) * window;
            sum += j == 0 ? h[j] : 2 * h[j];
        }
        // Unity gain at DC exactly: a constant (an offset in counts) stays the same constant at every level.
        centre = h[0] / sum;
        int n = 0;
        for (int j = 1; j <= HALF_TAPS; j++) {
            n += h[j] != 0 ? 1 : 0;
        }
        offset = new int[n];
        coefficient = new double[n];
        for (int j = 1, i = 0; j <= HALF_TAPS; j++) {
            if (h[j] != 0) {
                offset[i] = j;
                coefficient[i++] = h[j] / sum;
            }
        }
    }

    /** The low-passed value of {@code source} at input index {@code at}; samples at or past {@code limit} read 0. */
    double at(SampleSource source, long at, long limit) {
        double acc = centre * source.value(at, limit);
        for (int i = 0; i < offset.length; i++) {
            acc += coefficient[i] * (source.value(at - offset[i], limit) + source.value(at + offset[i], limit));
        }
        return acc;
    }

    /** Non-zero taps, the centre included: the multiplies one output costs. */
    int nonZeroTaps() {
        return 2 * offset.length + 1;
    }
}
