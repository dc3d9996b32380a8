package org.audifleet.player.output;

/**
 * How far a device's play head has fallen behind the wall time since it began playing: the silences a listener
 * hears ({@link JavaSoundOutput}). Every frame the device took late delays everything after it, so each dropout
 * raises the lag for good by its length, whether the line ran dry or the device stood still with the line full.
 *
 * <p>The frames the line reports as played are what the sound server has taken, not what has been heard: a server
 * takes audio in chunks and keeps some ahead of its play head (the PulseAudio null sink up to a whole line
 * buffer). Taking a chunk lowers the lag, playing it out raises it back; the lag is highest, and closest to what is
 * heard, just before the server takes the next chunk. So the baseline is the lag's ceiling, the highest value seen
 * while playing steadily, not its floor: a floor set by a large chunk taken at once (the sink waking, or a reopened
 * line) made the ordinary lag after it look like a stand-still of about a line buffer (ENGINE.md, "Device
 * dropouts"). A rise above the ceiling of more than {@link #TOLERANCE_PERIODS} periods starts an episode; once the
 * device plays and the lag rises no more than that, the new ceiling is measured for {@link #SETTLE_PERIODS} periods,
 * and the rise from the old ceiling to the new one, if still more than the tolerance, was silence. The first window
 * after a (re)start only learns the ceiling. The ceiling sinks by {@value #DRIFT_PER_MILLION} ppm of the wall time,
 * so a device clock faster than the machine's does not hide later dropouts; a slower one just raises the ceiling.
 * Plain fields and arithmetic: it runs on the render thread.
 */
final class DeviceLag {

    /** How fast the device's clock may run ahead of the machine's before that hides a dropout (ppm). */
    static final long DRIFT_PER_MILLION = 100;

    /** Rises up to this many periods are the play head's jitter (when the position is read in a period's time). */
    static final int TOLERANCE_PERIODS = 2;

    /**
     * How long the lag's new ceiling is measured once it stopped rising: a sound server that took a chunk late and
     * then two at once (measured on the null sink: 40 ms late, then back on time within 50 ms) had a render-ahead
     * to play from, and nothing was heard. Only the rise that is still there after this long is silence. 32 periods
     * (372 ms) is the largest line buffer ({@link JavaSoundOutput#MAX_LINE_BUFFER_BYTES}): the server takes audio
     * at least once in that time, so the window sees the lag's top; with 16 periods the count came out 3-29 ms short
     * of the recording in all 8 episodes of the stall case (ENGINE.md, "Device dropouts").
     */
    static final int SETTLE_PERIODS = 32;

    private final OutputFormat format;
    private final long toleranceNanos;
    private boolean steady;
    private long sinceNanos;
    private long sinceFrames;
    private long lastNanos;
    private long lastFrames;
    private long lastLag;
    private long ceiling;
    private State state = State.STEADY;
    private long ceilingBefore;
    private long settlingSince;
    private long settledCeiling;
    /** The first settling window after a (re)start: it sets the ceiling and counts nothing. */
    private boolean learning;
    private final long settleNanos;

    /** Playing at the ceiling; the lag rising above it; the lag no longer rising, its new ceiling being measured. */
    private enum State { STEADY, RISING, SETTLING }

    DeviceLag(OutputFormat format) {
        this.format = format;
        this.toleranceNanos = format.nanosOf((long) TOLERANCE_PERIODS * format.periodFrames());
        this.settleNanos = format.nanosOf((long) SETTLE_PERIODS * format.periodFrames());
    }

    /** The device starts afresh (a new line after a device error): the next {@link #after} sets a new baseline. */
    void restart() {
        steady = false;
    }

    /**
     * How far the lag would stand above its ceiling with the device at {@code playedFrames} at {@code now}, in
     * nanoseconds: more than {@link #toleranceNanos()} means the listener hears silence now. Changes nothing.
     */
    long riseNow(long now, long playedFrames) {
        if (!steady) {
            return 0;
        }
        // while settling, the level being measured is the one a new silence would rise above
        return lag(now, playedFrames) - (state == State.SETTLING ? settledCeiling : ceiling);
    }

    long toleranceNanos() {
        return toleranceNanos;
    }

    /**
     * After a write that ended at {@code now}, with the device having played {@code playedFrames} (counted from
     * before this output's first line, so a line reopened empty continues the count).
     *
     * @return how long the listener heard silence, in nanoseconds, when an episode has just ended; else 0
     */
    long after(long now, long playedFrames) {
        if (!steady) {
            steady = true;
            sinceNanos = now;
            sinceFrames = playedFrames;
            lastNanos = now;
            lastFrames = playedFrames;
            lastLag = 0;
            ceiling = 0;
            // The first update may fall just after the device took a chunk, below the ceiling: learn the ceiling
            // for a settling window before counting anything against it.
            state = State.SETTLING;
            learning = true;
            settlingSince = now;
            settledCeiling = 0;
            return 0;
        }
        long lag = lag(now, playedFrames);
        long lagBefore = lastLag;
        boolean played = playedFrames > lastFrames;
        long sunk = ceiling - (now - lastNanos) / 1_000_000 * DRIFT_PER_MILLION;
        lastLag = lag;
        lastFrames = playedFrames;
        lastNanos = now;
        switch (state) {
            case STEADY -> {
                if (lag - sunk <= toleranceNanos) {
                    ceiling = Math.max(lag, sunk);
                } else {
                    state = State.RISING;
                    ceilingBefore = ceiling;
                }
            }
            case RISING -> {
                if (played && lag - lagBefore <= toleranceNanos) {
                    state = State.SETTLING;
                    settlingSince = now;
                    settledCeiling = lag;
                }
            }
            case SETTLING -> {
                if (lag - settledCeiling > toleranceNanos) {
                    state = State.RISING; // more silence before the device settled: the same episode
                    if (learning) {
                        learning = false;
                        ceilingBefore = settledCeiling;
                    }
                } else if (now - settlingSince < settleNanos) {
                    settledCeiling = Math.max(settledCeiling, lag);
                } else {
                    state = State.STEADY;
                    long settled = Math.max(settledCeiling, lag);
                    if (learning) {
                        learning = false;
                        ceiling = settled;
                        return 0;
                    }
                    ceiling = Math.max(ceilingBefore, settled);
                    long rise = settled - ceilingBefore;
                    return rise > toleranceNanos ? rise : 0;
                }
            }
        }
        return 0;
    }

    private long lag(long now, long playedFrames) {
        return now - sinceNanos - format.nanosOf(playedFrames - sinceFrames);
    }
}
