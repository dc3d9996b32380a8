package org.audifleet.player.engine;

import java.util.concurrent.TimeUnit;
import org.audifleet.player.output.AudioOutput;
import org.audifleet.player.output.OutputFormat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one render period costs the render thread without a device behind it: {@link PlaybackEngine#cycle()}
 * (controls, 512 frames through the resampler, gain, fades, hand-over) into a sink that keeps one sample and
 * returns. The budget is the period itself, 512 / 44100 s = 11.61 ms. The session is a 1 h buffer played in a
 * loop, so a crossfade at the loop point is part of the average as it would be in use (once per 8.2 s at 1x).
 *
 * <p>{@code speed} is the multiplier on 441x: 1.0 reads whole samples (bit-exact pass-through), 1.3 and 15 read
 * fractional positions through the 64-tap sinc, 15 with the kernel stretched 15 times (the worst case that reads
 * the session itself). {@code baseSpeed} 10000 (the fastest, 1 MHz for 100 Hz data) at speed 15 reads 340 source
 * samples a frame from the decimated level of 64, 5.3 level samples a frame:
 * {@code -Djmh.args="RenderPeriod -p baseSpeed=10000 -p speed=15 -f 1 -wi 3 -i 5"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RenderPeriodBenchmark {

    @Param({"1.0", "1.3", "15"})
    double speed;

    @Param({"441"})
    double baseSpeed;

    private PlaybackEngine engine;
    private DiscardSink sink;

    /** Takes each period like a device would, minus the device: keeps a sample so nothing is optimised away. */
    static final class DiscardSink implements AudioOutput {
        float last;
        long frames;

        @Override
        public void configure(OutputFormat format) {
        }

        @Override
        public void process(float[] period, int n) {
            last += period[n - 1];
            frames += n;
        }

        @Override
        public void shutdown() {
        }

        @Override
        public String describe() {
            return "discard";
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        int n = 360_000; // 1 h at 100 Hz
        SessionBuffer buffer = new SessionBuffer(n);
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            counts[i] = (int) (2_000_000 * Math.sin(i * 0.031) + 500_000 * Math.sin(i * 0.53));
        }
        buffer.appendSamples(counts, 0, n);
        buffer.endOfSession();
        sink = new DiscardSink();
        engine = new PlaybackEngine(EngineSettings.defaults(100).withBaseSpeed(baseSpeed), buffer, sink);
        engine.setFullScale(3_000_000);
        engine.setSpeed(speed);
        engine.setLoop(0, n);
        engine.prepare(); // no render thread: the benchmark thread is the render thread
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (sink.frames == 0) {
            throw new IllegalStateException("nothing was rendered");
        }
        engine.close();
    }

    @Benchmark
    public int renderOnePeriod() {
        return engine.cycle();
    }
}
