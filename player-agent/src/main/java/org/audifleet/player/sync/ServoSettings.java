package org.audifleet.player.sync;

/**
 * How a {@link RateServo} steers.
 *
 * @param proportionalPerSecond rate correction per second of playout error (1/s): 1 corrects 1 ms by 1,000 ppm
 * @param integralPerSecondSquared correction per second of accumulated error (1/s²), which learns the drift
 * @param maxPpm the largest correction either way
 * @param slewPpmPerSecond how fast the correction may change: no audible jumps in pitch
 * @param resyncThresholdSeconds past this playout error the station jumps (a hard resync) instead of steering
 * @param resyncHoldoffSeconds after a resync, errors past the threshold are not acted on again for this long (the
 *     engine takes a period or two to play from the new place)
 */
record ServoSettings(double proportionalPerSecond, double integralPerSecondSquared, double maxPpm,
        double slewPpmPerSecond, double resyncThresholdSeconds, double resyncHoldoffSeconds) {

    /**
     * An offset steered out with a 1 s time constant, the drift learnt over about 20 s (damping 2.2): a station's
     * heard-time model moves by tenths of a millisecond as its readings come in, and a group's sound lasts seconds
     * (player-agent/SYNC.md, "The rate servo"); ±500 ppm (under one cent of pitch: a cent is 578 ppm) changing by at
     * most 500 ppm/s; a hard resync past 20 ms, an error the largest correction would take 40 s to steer out.
     */
    static final ServoSettings DEFAULT = new ServoSettings(1.0, 0.05, 500, 500, 0.020, 0.5);

    ServoSettings {
        if (!(proportionalPerSecond > 0) || !(integralPerSecondSquared >= 0)) {
            throw new IllegalArgumentException("gains must be positive: " + proportionalPerSecond + ", "
                    + integralPerSecondSquared);
        }
        if (!(maxPpm > 0 && maxPpm <= 10_000) || !(slewPpmPerSecond > 0)) {
            throw new IllegalArgumentException("maxPpm must be in (0, 10000] and the slew positive");
        }
        if (!(resyncThresholdSeconds > 0) || !(resyncHoldoffSeconds >= 0)) {
            throw new IllegalArgumentException("resync threshold must be positive and the hold-off not negative");
        }
    }
}
