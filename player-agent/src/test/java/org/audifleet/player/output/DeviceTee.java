package org.audifleet.player.output;

import java.util.concurrent.locks.LockSupport;

/**
 * The device tests' output: sends every period to the sound card and keeps a copy, so a test knows exactly what
 * the engine sent; it can hold the render thread up before chosen periods, as a scheduler that left it waiting.
 */
final class DeviceTee implements AudioOutput {

    final JavaSoundOutput device = new JavaSoundOutput(null, JavaSoundOutput.DEFAULT_LINE_BUFFER_BYTES);
    final CaptureOutput sent;
    private final long[] stallBeforePeriod;
    private final long[] stallNanos;
    private int periods;

    DeviceTee(int captureFrames) {
        this(captureFrames, new long[0], new long[0]);
    }

    DeviceTee(int captureFrames, long[] stallBeforePeriod, long[] stallNanos) {
        this.sent = new CaptureOutput(captureFrames);
        this.stallBeforePeriod = stallBeforePeriod;
        this.stallNanos = stallNanos;
    }

    /** What the engine sent, as the 16-bit values the device was given: what a recording of it is compared with. */
    double[] sentPcm16() {
        float[] captured = sent.captured();
        double[] pcm = new double[captured.length];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = Pcm16.toInt16(captured[i]);
        }
        return pcm;
    }

    @Override
    public void configure(OutputFormat format) {
        sent.configure(format);
        device.configure(format);
    }

    @Override
    public void process(float[] period, int frames) {
        for (int i = 0; i < stallBeforePeriod.length; i++) {
            if (stallBeforePeriod[i] == periods) {
                LockSupport.parkNanos(stallNanos[i]);
            }
        }
        periods++;
        sent.process(period, frames);
        device.process(period, frames);
    }

    @Override
    public void shutdown() {
        sent.shutdown();
        device.shutdown();
    }

    @Override
    public boolean realTime() {
        return true;
    }

    @Override
    public String describe() {
        return device.describe();
    }
}
