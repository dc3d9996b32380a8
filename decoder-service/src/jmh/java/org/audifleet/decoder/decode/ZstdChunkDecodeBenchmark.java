package org.audifleet.decoder.decode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.github.luben.zstd.Zstd;
import org.audifleet.chunkstore.ChunkFile;
import org.audifleet.codec.mseed.MseedReader;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.StreamId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The zstd chunk decode, one thread, chunk held in memory: a chunk-store chunk ({@code *.i32.zst}, zstd level
 * {@link ChunkFile#ZSTD_LEVEL}) of real broadband samples (IU.COLA LH1 from the shared bench file
 * {@code bench-1M-COLA-enc11-v2-4096.mseed2}, tiled, with a seeded dither) at 100 Hz over the window.
 *
 * <ul>
 * <li>{@link #chunkToBlocks}: {@link ZstdChunkDecoder#decode}, the decoder service's path: frame to PCM blocks.</li>
 * <li>{@link #frameOnly}: zstd-jni's {@code Zstd.decompress} of the frame into one byte array, what
 * {@code zstd -b -d} measures for libzstd (bench/parts/30-zstd runs both on the same file).</li>
 * </ul>
 * Score: milliseconds per chunk; MB/s of decompressed data = 4 bytes x samples / time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ZstdChunkDecodeBenchmark {
    static final String SOURCE_FILE = "bench-1M-COLA-enc11-v2-4096.mseed2";
    static final double RATE = 100.0;
    static final int BLOCK_SAMPLES = 4096;

    @Param({"PT6H", "PT10M"})
    public String window;

    private ChunkRecord chunk;
    private ZstdChunkDecoder decoder;
    private int samples;
    private PcmBlock last;

    /** Writes the PT6H chunk's payload to {@code args[0]}, for {@code zstd -b -d} (bench/parts/30-zstd). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ZstdChunkDecodeBenchmark OUTPUT.i32.zst");
            System.exit(2);
        }
        Files.write(Path.of(args[0]), payload(samples("PT6H")));
    }

    static int samples(String window) {
        return Math.toIntExact(Duration.parse(window).toSeconds() * (long) RATE);
    }

    /** The window's samples: the bench file's real samples in turn, as one chunk-store payload. */
    static byte[] payload(int samples) throws IOException {
        String shared = System.getProperty("audifleet.shared.dir");
        if (shared == null) {
            throw new IllegalStateException("system property audifleet.shared.dir is not set: run through the"
                    + " decoder-service jmh profile or pass -Daudifleet.shared.dir=/path/to/shared");
        }
        int[] source = MseedReader.readAll(Files.readAllBytes(Path.of(shared, "data", "mseed", "bench", SOURCE_FILE)))
                .stream().flatMapToInt(r -> java.util.Arrays.stream(r.ints())).toArray();
        // The bench file repeats 4,200 real samples; without a dither zstd matches whole repetitions (a 6 h chunk in
        // 15 KB) and measures nothing like a real chunk. +-16 counts of seeded noise: 1.48:1, docs/performance.md.
        java.util.Random dither = new java.util.Random(12);
        int[] tiled = new int[samples];
        for (int i = 0; i < samples; i++) {
            tiled[i] = source[i % source.length] + dither.nextInt(33) - 16;
        }
        return ChunkFile.encode(tiled, 0, samples);
    }

    /** The benchmark's chunk for {@code window} (also the decoder hop's, DecoderHopBenchmark). */
    public static ChunkRecord chunk(String window) throws IOException {
        int samples = samples(window);
        return chunk(samples, payload(samples));
    }

    /** A DATA chunk of the window: no skip, no gap, the grid is the window. */
    static ChunkRecord chunk(int samples, byte[] payload) {
        return new ChunkRecord(UUID.randomUUID(), "local", new StreamId("IU", "COLA", "00", "LH1"), 0, 1,
                ChunkRecord.Kind.DATA, ChunkRecord.Encoding.ZSTD_INT32_LE,
                Instant.parse("2024-03-01T00:00:00Z").toEpochMilli() * 1000, RATE, 0, samples, samples, new int[0],
                0L, "bench", payload);
    }

    @Setup
    public void buildChunk() throws IOException {
        samples = samples(window);
        chunk = chunk(window);
        decoder = new ZstdChunkDecoder(BLOCK_SAMPLES);
        long[] played = {0};
        if (decoder.decode(chunk, b -> played[0] += b.sampleCount()).isPresent() || played[0] != samples) {
            throw new IllegalStateException("chunk does not decode cleanly: " + played[0] + " of " + samples);
        }
        System.out.printf("%n%s window: %d samples, %d bytes decompressed from %d%n", window, samples,
                4L * samples, chunk.payload().length);
    }

    @Benchmark
    public PcmBlock chunkToBlocks() {
        decoder.decode(chunk, b -> last = b);
        return last;
    }

    @Benchmark
    public byte[] frameOnly() {
        return Zstd.decompress(chunk.payload(), 4 * samples);
    }
}
