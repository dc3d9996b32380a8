package org.audifleet.player.engine;

/**
 * A value that moves in a straight line to a new target over a fixed number of frames, so that changing it does
 * not click: the resampler's step (the speed) and the gain (volume over full scale) each have one. At the end of a
 * ramp the value is exactly the target, not an accumulated approximation of it. Render thread only.
 */
final class Ramp {

    private final int frames;
    private double value;
    private double target;
    private double increment;
    private int framesLeft;

    /** A ramp that takes {@code frames} (at least 1) to reach each new target; it starts at 0. */
    Ramp(int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("a ramp takes at least one frame, not " + frames);
        }
        this.frames = frames;
    }

    /**
     * Heads for {@code target} from wherever the ramp is now. With {@code jump} the value is the target at once:
     * for when nothing has sounded yet, so nothing can click.
     */
    void moveTo(double target, boolean jump) {
        this.target = target;
        if (jump) {
            value = target;
            framesLeft = 0;
        } else {
            framesLeft = frames;
            increment = (target - value) / frames;
        }
    }

    /** Advances one frame and returns the value for it. */
    double next() {
        if (framesLeft > 0) {
            value = --framesLeft == 0 ? target : value + increment;
        }
        return value;
    }

    boolean ramping() {
        return framesLeft > 0;
    }

    double value() {
        return value;
    }

    double target() {
        return target;
    }

    /** The larger of where the ramp is and where it is going: the most a period can need of it. */
    double max() {
        return Math.max(value, target);
    }

    int frames() {
        return frames;
    }
}
