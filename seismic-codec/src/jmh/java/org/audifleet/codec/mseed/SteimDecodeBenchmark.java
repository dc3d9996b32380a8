package org.audifleet.codec.mseed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parse + decode of the 1,000,000-sample bench files held in memory, one thread: the score is samples per second
 * on one core. Compare with {@link SeisFileDecodeBenchmark} (same files, miniSEED 2 only).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SteimDecodeBenchmark {
    static final int SAMPLES_PER_FILE = 1_000_000;

    @Param({
        "bench-1M-enc10-v2-4096.mseed2",
        "bench-1M-enc11-v2-4096.mseed2",
        "bench-1M-COLA-enc10-v2-4096.mseed2",
        "bench-1M-COLA-enc11-v2-4096.mseed2",
        "bench-1M-enc11-v2-512.mseed2",
        "bench-1M-enc10-v3-4096.mseed3",
        "bench-1M-enc11-v3-4096.mseed3"})
    public String file;

    private byte[] bytes;
    private final MseedReader reader = new MseedReader();

    static byte[] load(String file) throws IOException {
        String shared = System.getProperty("audifleet.shared.dir", "../shared");
        return Files.readAllBytes(Path.of(shared, "data", "mseed", "bench", file));
    }

    @Setup
    public void load() throws IOException {
        bytes = load(file);
        long[] samples = {0};
        reader.readAll(bytes, 0, bytes.length, r -> samples[0] += r.sampleCount());
        if (samples[0] != SAMPLES_PER_FILE) {
            throw new IllegalStateException(file + " holds " + samples[0] + " samples, expected " + SAMPLES_PER_FILE);
        }
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES_PER_FILE)
    public void audifleet(Blackhole sink) throws MseedFormatException {
        reader.readAll(bytes, 0, bytes.length, r -> sink.consume(r.ints()));
    }
}
