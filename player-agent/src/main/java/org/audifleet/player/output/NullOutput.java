package org.audifleet.player.output;

/**
 * Discards audio, either as fast as it comes or paced like a sound card by a {@link DeviceClock} (for timing runs
 * without a device): one period of buffer, the clock started by the first period written.
 */
public final class NullOutput implements AudioOutput {

    private final boolean paced;
    private DeviceClock clock;
    private long framesDone;
    private volatile long framesWritten;

    public NullOutput(boolean paced) {
        this.paced = paced;
    }

    @Override
    public void configure(OutputFormat format) {
        this.clock = paced ? new DeviceClock(format) : null;
        this.framesDone = 0;
        this.framesWritten = 0;
    }

    @Override
    public void process(float[] period, int frames) {
        framesDone += frames;
        framesWritten = framesDone;
        if (clock != null) {
            clock.awaitRoom(frames);
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
