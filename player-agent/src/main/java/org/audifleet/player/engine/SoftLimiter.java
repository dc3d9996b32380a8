package org.audifleet.player.engine;

/**
 * The output stage's soft limiter, for volumes above 1: unity up to a knee, a tanh curve from there toward ±1,
 * never beyond. The knee is {@link #KNEE} (-3 dBFS) from volume √2 up and 1/volume between 1 and √2, so the curve
 * grows out of plain unity as the volume crosses 1 rather than switching in. At volume 1 or less nothing within
 * full scale can reach 1, the limiter is off and every sample is exactly as before. Pure functions: the renderer
 * calls them per frame without allocating.
 */
final class SoftLimiter {

    /** Where the limiter leaves unity at volumes of √2 and more: -3 dBFS. */
    static final double KNEE = 0.7079457843841379; // 10^(-3/20)
    /** A knee of 1 or more: the limiter is off. */
    static final double OFF = 1.0;

    private SoftLimiter() {
    }

    /** The knee at {@code volume}: {@link #OFF} up to 1, then 1/volume down to {@link #KNEE}. */
    static double kneeFor(double volume) {
        // The slack: volume / fullScale * fullScale need not round back to exactly 1.
        return volume <= 1.0 + 1e-9 ? OFF : Math.max(KNEE, 1.0 / volume);
    }

    /**
     * {@code x} itself up to {@code knee} (below 1), above it {@code knee + (1 - knee) tanh(excess / (1 - knee))},
     * which leaves the knee at slope 1, rises monotonically and stays below 1 (the last clamp is for rounding).
     * Odd-symmetric, so it adds no DC.
     */
    static double limit(double x, double knee) {
        double a = Math.abs(x);
        if (a <= knee) {
            return x;
        }
        double width = 1.0 - knee;
        double y = Math.min(1.0, knee + width * Math.tanh((a - knee) / width));
        return Math.copySign(y, x);
    }
}
