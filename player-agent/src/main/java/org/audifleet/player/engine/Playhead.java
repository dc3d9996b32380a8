package org.audifleet.player.engine;

/**
 * Where the engine's playback stood after the last period it handed the output ({@link PlaybackEngine#playhead}):
 * one consistent reading, taken from the render thread's publication without locking it.
 *
 * @param frame output frames handed to the output so far: the frame the next period starts at
 * @param position the session position (source samples, fractional) that frame plays: where a seek's crossfade goes
 * @param step source samples per output frame now: base step × speed × rate correction (0 while held silent)
 * @param sinceFrame the first frame from which position and step are a straight line up to {@code frame}: no
 *     change, ramp, crossfade, hold or loop wrap in between
 */
public record Playhead(long frame, double position, double step, long sinceFrame) {

    /** The session position output frame {@code f} played, if it lies on the straight stretch; else NaN. */
    public double positionAt(long f) {
        if (f < sinceFrame || f > frame) {
            return Double.NaN;
        }
        return position - (frame - f) * step;
    }
}
