package org.audifleet.player.sync;

/**
 * Keeps a station's output on the group's timeline by steering its resampler: a PI controller from the playout
 * error to a small rate correction, bounded and slew-limited, and a hard resync past a threshold. The correction
 * multiplies the step the engine reads the session at ({@link #ratio()}; {@code engine/Renderer} reads source
 * samples per output frame as the base step times {@code engine/Controls}' speed).
 *
 * <p>The playout error is in seconds of output: where the station's output is now (frames handed to the device
 * less the device's latency, as session position) minus where the group's timeline says it should be at this fleet
 * instant, divided by the session samples one second of output plays. Positive: the station is ahead and slows down.
 * The error then changes at the device's drift plus the correction, so the integral term ends up holding minus the
 * drift, and keeps holding it across a resync (the drift has not changed; only the position has).
 *
 * <p>Plain fields and arithmetic: it may run on any one thread, e.g. once a period. Design in player-agent/SYNC.md,
 * claims measured in {@code RateServoTests}.
 */
final class RateServo {

    /** What the station should do after an {@link #update}. */
    enum Action {
        /** Play on at {@link #ratio()}. */
        STEER,
        /** Jump by minus {@link #resyncSeconds()} (a seek), then play on at {@link #ratio()}. */
        RESYNC
    }

    private final ServoSettings settings;
    private double integral;
    private double correctionPpm;
    private double sinceResync = Double.POSITIVE_INFINITY;
    private double resyncSeconds;
    private int resyncs;

    RateServo(ServoSettings settings) {
        this.settings = settings;
    }

    /**
     * One measurement of the playout error, {@code dtSeconds} after the previous one.
     *
     * @return {@link Action#RESYNC} once when the error passes the threshold, then not again within the hold-off
     */
    Action update(double playoutErrorSeconds, double dtSeconds) {
        if (!Double.isFinite(playoutErrorSeconds) || !(dtSeconds >= 0) || !Double.isFinite(dtSeconds)) {
            throw new IllegalArgumentException("playout error and interval must be finite, the interval not negative: "
                    + playoutErrorSeconds + ", " + dtSeconds);
        }
        sinceResync += dtSeconds;
        if (Math.abs(playoutErrorSeconds) > settings.resyncThresholdSeconds()) {
            if (sinceResync < settings.resyncHoldoffSeconds()) {
                return Action.STEER; // the jump asked for has not reached the output yet
            }
            sinceResync = 0;
            resyncSeconds = playoutErrorSeconds;
            resyncs++;
            return Action.RESYNC;
        }
        double max = settings.maxPpm() * 1e-6;
        double proportional = -settings.proportionalPerSecond() * playoutErrorSeconds;
        double candidate = integral - settings.integralPerSecondSquared() * playoutErrorSeconds * dtSeconds;
        double wanted = (proportional + candidate) * 1e6;
        double slew = settings.slewPpmPerSecond() * dtSeconds;
        // Anti-windup: while the bound holds the correction back, the integral stays as it is, so a large error
        // steered out at the bound does not leave a wound-up integral to overshoot with.
        if (Math.abs(wanted) <= settings.maxPpm()) {
            integral = candidate;
        }
        double target = Math.max(-max, Math.min(max, proportional + integral)) * 1e6;
        correctionPpm += Math.max(-slew, Math.min(slew, target - correctionPpm));
        return Action.STEER;
    }

    /** The rate correction now, in parts per million (negative: play slower). */
    double correctionPpm() {
        return correctionPpm;
    }

    /** What the resampler's step is multiplied by. */
    double ratio() {
        return 1 + correctionPpm * 1e-6;
    }

    /** The error the last {@link Action#RESYNC} asked to remove, in seconds of output. */
    double resyncSeconds() {
        return resyncSeconds;
    }

    /** Hard resyncs asked for so far. */
    int resyncs() {
        return resyncs;
    }

    /** The drift the servo has learnt to cancel, in ppm: minus its integral term. */
    double learntDriftPpm() {
        return -integral * 1e6;
    }
}
