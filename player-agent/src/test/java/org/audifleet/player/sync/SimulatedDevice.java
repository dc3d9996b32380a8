package org.audifleet.player.sync;

import org.audifleet.player.output.AudioOutput;
import org.audifleet.player.output.OutputFormat;
import org.audifleet.player.output.PlayoutReadings;

/**
 * A sound device on simulated time, for {@code GroupPlaybackTests}: true time is {@link #trueNanos()}, advanced only
 * by writes blocking as a device's would (a line buffer of {@code bufferFrames}, played at {@code rate} frames per
 * true second from the first write). It reports its position as a sound server does, in chunks taken ahead of the
 * play head; the frame heard lags the play head by {@code latencyNanos}. The station's monotonic clock may run
 * fast ({@code monotonicPpm}, as faketime makes it). Every 50 ms of true time it runs {@code tick} on the render
 * thread, so the whole simulation is one thread and deterministic. It also records every sample and the engine's
 * playhead at each period's first frame, through {@code onPeriod}.
 */
final class SimulatedDevice implements AudioOutput {

    interface Period {
        void at(long frame, float[] samples, int frames);
    }

    static final long TICK_NANOS = 50_000_000L;

    private final double rate;
    private final int bufferFrames;
    private final int chunkFrames;
    private final long latencyNanos;
    private final double monotonicPpm;
    private final PlayoutReadings readings = new PlayoutReadings();
    private volatile long trueNanos = 1_000_000_000L;
    private long startNanos = -1;
    private long written;
    private long nextTick = 1_000_000_000L;
    Runnable tick = () -> { };
    Period onPeriod = (f, s, n) -> { };

    SimulatedDevice(double rate, int bufferFrames, int chunkFrames, long latencyNanos, double monotonicPpm) {
        this.rate = rate;
        this.bufferFrames = bufferFrames;
        this.chunkFrames = chunkFrames;
        this.latencyNanos = latencyNanos;
        this.monotonicPpm = monotonicPpm;
    }

    long trueNanos() {
        return trueNanos;
    }

    /** The station's System.nanoTime(). */
    long monotonicNanos() {
        return Math.round(trueNanos * (1 + monotonicPpm * 1e-6));
    }

    /** The true instant output frame {@code frame} is heard. */
    double heardAtTrue(long frame) {
        return startNanos + frame / rate * 1e9 + latencyNanos;
    }

    @Override
    public void configure(OutputFormat format) {
    }

    @Override
    public void process(float[] period, int frames) {
        onPeriod.at(written, period, frames);
        if (startNanos < 0) {
            startNanos = trueNanos;
        }
        written += frames;
        long mustHavePlayed = written - bufferFrames;
        if (mustHavePlayed > 0) {
            long when = startNanos + (long) Math.ceil(mustHavePlayed / rate * 1e9);
            if (when > trueNanos) {
                trueNanos = when;
            }
        }
        long playing = (long) ((trueNanos - startNanos) * rate / 1e9);
        long taken = Math.min(written, (playing / chunkFrames + 1) * chunkFrames);
        readings.publish(monotonicNanos(), written, taken);
        while (trueNanos >= nextTick) {
            nextTick += TICK_NANOS;
            tick.run();
        }
    }

    @Override
    public PlayoutReadings playout() {
        return readings;
    }

    @Override
    public void shutdown() {
    }

    @Override
    public boolean realTime() {
        return true;
    }

    @Override
    public String describe() {
        return "simulated device";
    }
}
