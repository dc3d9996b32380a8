package org.audifleet.player.output;

/**
 * How far a device's frame position has fallen behind the wall time since it began playing steadily: the stand-
 * stills of a device that stopped taking audio while its line was full ({@link JavaSoundOutput}). Playing on does
 * not change the lag (inserted silence is not caught up); each stand-still raises it by its length. The position
 * moves in the device's chunks, so the lag jitters: only a rise above its lowest value of more than the frames
 * that were queued is one stand-still, and all of the rise was silence. It has ended at the first write after
 * which the position has moved and the lag rose by no more than that since the previous write. The
 * lowest value creeps up at {@value #DRIFT_PER_MILLION} ppm of the wall time, so that a device clock slower than
 * the machine's does not add up to a stand-still. Plain fields and arithmetic: it runs on the render thread.
 */
final class DeviceLag {

    /** How fast the device's clock may fall behind the machine's without that counting (ppm). */
    static final long DRIFT_PER_MILLION = 100;

    private final OutputFormat format;
    private boolean steady;
    private long sinceNanos;
    private long sincePosition;
    private long lastPosition;
    private long lowestLag;
    private long lowestLagNanos;
    private long lastLag;

    DeviceLag(OutputFormat format) {
        this.format = format;
    }

    /** The line stopped playing steadily (it ran dry, or was reopened): the next {@link #after} starts afresh. */
    void restart() {
        steady = false;
    }

    /**
     * After a write that ended at {@code now} with the device at {@code position}.
     *
     * @param queuedFrames what the line held after the previous write: a rise below it is the position's jitter
     * @return how long the device stood still, in nanoseconds, when a stand-still has just ended; else 0
     */
    long after(long now, long position, long queuedFrames) {
        long previous = lastPosition;
        lastPosition = position;
        long lagBefore = lastLag;
        if (!steady) {
            steady = true;
            sinceNanos = now;
            sincePosition = position;
            lowestLag = 0;
            lowestLagNanos = now;
            lastLag = 0;
            return 0;
        }
        long lag = now - sinceNanos - format.nanosOf(position - sincePosition);
        lastLag = lag;
        lowestLag = Math.min(lag, lowestLag + (now - lowestLagNanos) / 1_000_000 * DRIFT_PER_MILLION);
        lowestLagNanos = now;
        long rise = lag - lowestLag;
        long jitter = format.nanosOf(queuedFrames);
        if (rise <= jitter || position == previous || lag - lagBefore > jitter) {
            return 0; // no stand-still, or one still under way
        }
        lowestLag = lag;
        return rise;
    }
}
