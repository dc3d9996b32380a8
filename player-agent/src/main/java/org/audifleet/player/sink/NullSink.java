package org.audifleet.player.sink;

import java.util.concurrent.locks.LockSupport;

/** Discards audio, either as fast as it comes or paced like a sound card (for timing runs without a device). */
public final class NullSink implements AudioSink {

    private final boolean paced;
    private SinkFormat format;
    private long deadlineNanos;
    private long framesDone;
    private volatile long framesWritten;

    public NullSink(boolean paced) {
        this.paced = paced;
    }

    @Override
    public void configure(SinkFormat format) {
        this.format = format;
        this.framesDone = 0;
    }

    @Override
    public void process(float[] period, int frames) {
        framesDone += frames;
        framesWritten = framesDone;
        if (paced) {
            // A device consumes at its rate from its first write (not from when it was opened, which may be
            // long before the session's data arrives): sleep until this period would have played.
            if (framesDone == frames) {
                deadlineNanos = System.nanoTime();
            }
            deadlineNanos += format.nanosOf(frames);
            long wait;
            while ((wait = deadlineNanos - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    @Override
    public void shutdown() {
        // nothing held
    }

    @Override
    public boolean realTime() {
        return paced;
    }

    public long framesWritten() {
        return framesWritten;
    }

    @Override
    public String describe() {
        return paced ? "null output paced at real time" : "null output";
    }
}
