package org.audifleet.player.output;

import java.util.concurrent.locks.LockSupport;

/**
 * A sound card's clock for outputs and probes that have no card behind them: how long a period lasts, and
 * {@link #awaitRoom} to pace writes the way a device takes them. The one place that paces audio in this code.
 *
 * <p>The device modelled holds one period: a write returns at once while there is room, that is once everything
 * written before it has played. The clock starts at the first write, not when the output was configured: an engine
 * configured long before its session's first block (a station's is, while the fleet fetches and decodes) would
 * otherwise find the clock far ahead, render the waiting time's worth of periods at full speed, drain its buffer
 * and count underruns no device would cause (MEASUREMENTS.md, soak finding 3).
 *
 * <p>{@link #awaitRoom} runs on the render thread: it does not allocate, lock or log, and it blocks only by parking
 * until the modelled device has room.
 */
public final class DeviceClock {

    private final OutputFormat format;
    private long startNanos;
    private boolean started;
    private volatile long framesWritten;

    public DeviceClock(OutputFormat format) {
        this.format = format;
    }

    /** Nominal length of a full period: 512 frames at 44.1 kHz are 11.61 ms. What a probe's intervals should be. */
    public long periodNanos() {
        return format.nanosOf(format.periodFrames());
    }

    public double periodMillis() {
        return periodNanos() / 1e6;
    }

    /** Blocks as a device write of {@code frames} would: until every frame written before them has played. */
    public void awaitRoom(int frames) {
        long written = framesWritten;
        if (!started) {
            startNanos = System.nanoTime();
            started = true;
        }
        framesWritten = written + frames;
        // From the total rather than a sum of per-period durations, so rounding never accumulates.
        long due = startNanos + format.nanosOf(written);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** Frames written since the clock started. */
    public long framesWritten() {
        return framesWritten;
    }

    public OutputFormat format() {
        return format;
    }
}
