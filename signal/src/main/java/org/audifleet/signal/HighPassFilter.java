package org.audifleet.signal;

/**
 * Causal 2nd-order Butterworth high-pass (one biquad, bilinear transform with the corner pre-warped, so the
 * gain at the corner is exactly -3 dB), run in transposed direct form II in double precision.
 *
 * <p>The state is primed with the first sample after construction or {@link #reset()} as if that value had
 * been there forever: seismometer counts sit on offsets of 10^5..10^6 counts, and starting from a zero state
 * would ring for several corner periods (minutes to hours at 0.01 Hz) with that offset as a step.
 */
public final class HighPassFilter {

    /** Corner frequencies offered for 100 Hz seismic sessions, Hz. */
    public static final double[] CORNERS_HZ = {0.01, 0.02, 0.045};

    private double b0;
    private double b1;
    private double b2;
    private double a1;
    private double a2;
    private double z1;
    private double z2;
    private boolean primed;

    public HighPassFilter(double cornerHz, double sampleRate) {
        if (!(cornerHz > 0) || !(cornerHz < sampleRate / 2)) {
            throw new IllegalArgumentException("corner " + cornerHz + " Hz must be in (0, " + sampleRate / 2 + ")");
        }
        tune(cornerHz / sampleRate);
    }

    /**
     * Moves the corner to {@code cyclesPerSample} (corner over sample rate), clamped to (1e-9, 0.45), keeping the
     * state: the player's sound path calls it when the speed changes the data time per output frame. No allocation.
     */
    public void tune(double cyclesPerSample) {
        double f = Math.max(1e-9, Math.min(0.45, cyclesPerSample));
        double k = Math.tan(Math.PI * f);
        double q = Math.sqrt(0.5);
        double norm = 1 / (1 + k / q + k * k);
        b0 = norm;
        b1 = -2 * norm;
        b2 = norm;
        a1 = 2 * (k * k - 1) * norm;
        a2 = (1 - k / q + k * k) * norm;
    }

    public double next(double x) {
        if (!primed) {
            // Steady state for a constant input x: output 0 (b0 + b1 + b2 = 0).
            z2 = b2 * x;
            z1 = b1 * x + z2;
            primed = true;
        }
        double y = b0 * x + z1;
        z1 = b1 * x - a1 * y + z2;
        z2 = b2 * x - a2 * y;
        return y;
    }

    /** Forgets the state; the next sample primes it again (used after a gap). */
    public void reset() {
        primed = false;
    }
}
