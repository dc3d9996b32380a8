package org.audifleet.player.engine;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Controls that take effect at one output frame ({@link PlaybackEngine#schedule}): any of pause or resume, a seek,
 * a speed, a volume, a loop or clearing it, applied together at the start of that frame, in that order of loop
 * before seek (a seek outside the new loop clears it, as {@code Controls.seek} does). Built on the caller's thread
 * (this object is all the allocation a change needs) and scheduled once; the render thread only reads it and links
 * it into its own queue. Bounds are the engine's own ({@code Controls}), checked here, before it is scheduled.
 */
public final class ScheduledChange {

    private static final int UNSET = 0;
    private static final int PAUSE = 1;
    private static final int RESUME = 2;

    private int pause = UNSET;
    private long seek = Controls.NO_SEEK;
    private double speed = Double.NaN;
    private double volume = Double.NaN;
    private LoopRegion loop;
    private boolean clearLoop;

    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile long appliedAt = -1;
    // Set by schedule() on the caller's thread before the change is published; read by the render thread.
    long frame;
    long order;
    /** The lock-free stack of changes not yet taken by the render thread. */
    ScheduledChange nextIncoming;
    /** The render thread's own list, sorted by frame then order. */
    ScheduledChange nextPending;

    /** An empty change; add what it does with the methods below, then schedule it. */
    public static ScheduledChange change() {
        return new ScheduledChange();
    }

    private ScheduledChange() {
    }

    public ScheduledChange pause() {
        open();
        pause = PAUSE;
        return this;
    }

    public ScheduledChange resume() {
        open();
        pause = RESUME;
        return this;
    }

    public ScheduledChange seek(long sampleIndex) {
        open();
        seek = Controls.checkSeek(sampleIndex);
        return this;
    }

    public ScheduledChange speed(double multiplier) {
        open();
        speed = Controls.checkSpeed(multiplier);
        return this;
    }

    public ScheduledChange volume(double v) {
        open();
        volume = Controls.checkVolume(v);
        return this;
    }

    public ScheduledChange loop(LoopRegion region) {
        open();
        loop = java.util.Objects.requireNonNull(region, "region");
        clearLoop = false;
        return this;
    }

    public ScheduledChange clearLoop() {
        open();
        loop = null;
        clearLoop = true;
        return this;
    }

    /** The output frame it took effect at, or -1 before; later than asked when it was scheduled too late. */
    public long appliedAt() {
        return appliedAt;
    }

    /** The frame it was scheduled for. */
    public long frame() {
        return frame;
    }

    boolean hasSeek() {
        return seek != Controls.NO_SEEK;
    }

    /** Marks it scheduled: a change is scheduled once (its links belong to one queue). */
    void take(long atFrame, long sequence) {
        if (!scheduled.compareAndSet(false, true)) {
            throw new IllegalStateException("a change is scheduled once; build a new one");
        }
        frame = atFrame;
        order = sequence;
    }

    private void open() {
        if (scheduled.get()) {
            throw new IllegalStateException("a scheduled change cannot be changed");
        }
    }

    /** Render thread: writes the change into the controls, which the same cycle then reads. */
    void applyTo(Controls controls, long atFrame) {
        if (pause == PAUSE) {
            controls.setPaused(true);
        } else if (pause == RESUME) {
            controls.setPaused(false);
        }
        if (!Double.isNaN(speed)) {
            controls.setSpeed(speed);
        }
        if (!Double.isNaN(volume)) {
            controls.setVolume(volume);
        }
        if (loop != null) {
            controls.setLoop(loop);
        } else if (clearLoop) {
            controls.clearLoop();
        }
        if (seek != Controls.NO_SEEK) {
            controls.seek(seek);
        }
        appliedAt = atFrame;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("change at frame ").append(frame).append(':');
        if (pause == PAUSE) {
            b.append(" pause");
        } else if (pause == RESUME) {
            b.append(" resume");
        }
        if (loop != null) {
            b.append(" loop ").append(loop.from()).append("..").append(loop.to());
        } else if (clearLoop) {
            b.append(" clear-loop");
        }
        if (seek != Controls.NO_SEEK) {
            b.append(" seek ").append(seek);
        }
        if (!Double.isNaN(speed)) {
            b.append(" speed ").append(speed);
        }
        if (!Double.isNaN(volume)) {
            b.append(" volume ").append(volume);
        }
        return b.toString();
    }
}
