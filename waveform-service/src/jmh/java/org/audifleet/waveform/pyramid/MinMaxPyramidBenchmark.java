package org.audifleet.waveform.pyramid;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A 24 h session at 100 Hz (8.64 M samples) fed in 10 s blocks, as the decoder publishes them. {@code level}:
 * one level of 256 samples per bucket (samples/s = 8.64 M / time); {@code pyramid}: the whole 16..65536 pyramid.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@BenchmarkMode(Mode.AverageTime)
public class MinMaxPyramidBenchmark {

    static final int SESSION = 8_640_000;

    @Param({"1000"})
    int block;

    int[] samples;

    @Setup
    public void setUp() {
        SplittableRandom r = new SplittableRandom(1);
        samples = new int[SESSION];
        for (int i = 0; i < SESSION; i++) {
            samples[i] = r.nextInt(-1_000_000, 1_000_000);
        }
    }

    private MinMaxPyramid feed(MinMaxPyramid p) {
        for (int at = 0; at < SESSION; at += block) {
            p.appendSamples(samples, at, Math.min(block, SESSION - at));
        }
        p.finish();
        return p;
    }

    @Benchmark
    public MinMaxPyramid level256() {
        return feed(new MinMaxPyramid(256));
    }

    @Benchmark
    public MinMaxPyramid pyramid16to65536() {
        return feed(MinMaxPyramid.powersOfTwo(16, 65536));
    }

    /** Samples per second per core, as throughput. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(SESSION)
    public MinMaxPyramid samplesPerSecondLevel256() {
        return feed(new MinMaxPyramid(256));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(SESSION)
    public MinMaxPyramid samplesPerSecondPyramid() {
        return feed(MinMaxPyramid.powersOfTwo(16, 65536));
    }
}
