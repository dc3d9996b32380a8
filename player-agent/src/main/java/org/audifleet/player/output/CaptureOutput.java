package org.audifleet.player.output;

import java.util.Arrays;

/**
 * Records every sample it receives, for tests here and in other modules. The array is sized in
 * {@code configure} from the capacity hint; it only grows (and so allocates on the render thread) past the hint.
 */
public final class CaptureOutput implements AudioOutput {

    private final int capacityHint;
    private final boolean actsAsDevice;
    private float[] samples = new float[0];
    private volatile int size;
    private volatile int periods;
    private volatile boolean configured;
    private volatile boolean shutDown;

    /** A capture that the engine treats like a file: it never receives pre-roll, pause or underrun silence. */
    public CaptureOutput(int capacityHint) {
        this(capacityHint, false);
    }

    /**
     * @param actsAsDevice when true the engine treats it as a real-time device and writes silence for pauses
     *        and underruns into it, so tests can see exactly what a sound card would receive
     */
    public CaptureOutput(int capacityHint, boolean actsAsDevice) {
        if (capacityHint < 0) {
            throw new IllegalArgumentException("capacity hint must not be negative: " + capacityHint);
        }
        this.capacityHint = capacityHint;
        this.actsAsDevice = actsAsDevice;
    }

    @Override
    public void configure(OutputFormat format) {
        samples = new float[Math.max(capacityHint, format.periodFrames())];
        size = 0;
        periods = 0;
        configured = true;
    }

    @Override
    public void process(float[] period, int frames) {
        int n = size;
        if (n + frames > samples.length) {
            samples = Arrays.copyOf(samples, Math.max(n + frames, samples.length * 2));
        }
        System.arraycopy(period, 0, samples, n, frames);
        size = n + frames;
        periods = periods + 1;
    }

    @Override
    public void shutdown() {
        shutDown = true;
    }

    @Override
    public boolean realTime() {
        return actsAsDevice;
    }

    /** A copy of everything received so far. Call it from any thread; the render thread may still be adding. */
    public float[] captured() {
        int n = size;
        return Arrays.copyOf(samples, n);
    }

    public int size() {
        return size;
    }

    public int periods() {
        return periods;
    }

    public boolean isConfigured() {
        return configured;
    }

    public boolean isShutDown() {
        return shutDown;
    }

    @Override
    public String describe() {
        return "in-memory capture";
    }
}
