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
            // Like a device with one period of buffer that starts consuming at the first write (not when it
            // was opened, which may be long before the session's data arrives): a write returns at once while
            // there is room, i.e. once the previous period has played.
            if (framesDone == frames) {
                deadlineNanos = System.nanoTime();
            }
            long wait;
            while ((wait = deadlineNanos - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            deadlineNanos += format.nanosOf(frames);
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
