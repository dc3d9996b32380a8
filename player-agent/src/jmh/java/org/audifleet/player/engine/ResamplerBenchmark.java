package org.audifleet.player.engine;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Resampler throughput in output frames per second (one thread): 512 consecutive frames per invocation, from a
 * position that moves on by a prime number of samples each time, so the reads wander through the buffer.
 *
 * <ul>
 *   <li>{@code 1.0}: step 1 at whole positions, the 100 Hz x 441 to 44.1 kHz case, a bit-exact pass-through;</li>
 *   <li>{@code 1.0+0.5}: step 1 half a sample off (after a speed change back to 1x): the full 64-tap sinc;</li>
 *   <li>{@code 1.3}, {@code 0.7}: non-integer ratios; above 1 the kernel stretches (64 x 1.3 taps);</li>
 *   <li>{@code 15}: the fastest speed, 64 x 15 = 960 taps a frame.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ResamplerBenchmark {

    private static final int FRAMES = 512;

    @Param({"1.0", "1.0+0.5", "0.7", "1.3", "15"})
    String ratio;

    private Resampler resampler;
    private SessionBuffer buffer;
    private long limit;
    private double step;
    private double offset;
    private long start;

    @Setup(Level.Trial)
    public void setUp() {
        int n = 360_000;
        buffer = new SessionBuffer(n);
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            counts[i] = (int) (2_000_000 * Math.sin(i * 0.031) + 500_000 * Math.sin(i * 0.53));
        }
        buffer.appendSamples(counts, 0, n);
        buffer.endOfSession();
        limit = n;
        resampler = new Resampler(EngineSettings.DEFAULT_RESAMPLER_TAPS);
        String[] parts = ratio.split("\\+");
        step = Double.parseDouble(parts[0]);
        offset = parts.length > 1 ? Double.parseDouble(parts[1]) : 0.0;
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public double frames() {
        start = (start + 7919) % 300_000;
        double pos = start + offset;
        double acc = 0;
        for (int i = 0; i < FRAMES; i++) {
            acc += resampler.valueAt(buffer, limit, pos, step);
            pos += step;
        }
        return acc;
    }
}
