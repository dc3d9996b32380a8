package org.audifleet.decoder.decode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.github.luben.zstd.Zstd;
import org.audifleet.wire.ChunkRecord;

/**
 * The zstd figure of bench/parts/30-zstd: what {@link ZstdChunkDecodeBenchmark#chunkToBlocks} measures (a chunk
 * held in memory through {@link ZstdChunkDecoder} to PCM blocks, one thread), in rounds the part interleaves with
 * {@code zstd -b -d} on the same file. After {@code WARMUP_MILLIS} of decodes it prints {@code ready}; then each
 * stdin line {@code round MILLIS} decodes for at least MILLIS ms and prints
 * {@code round=N bytes=B seconds=T mbps=M cpu_mbps=C} (decompressed bytes, 1 MB = 10^6 bytes as zstd counts; M per
 * second of wall time, as {@code zstd -b} times itself, C per second of this thread's CPU time, which the machine's
 * load does not enter). With {@code frame}
 * it measures {@link ZstdChunkDecodeBenchmark#frameOnly} instead: zstd-jni's one-shot decompression of the frame.
 * Usage: {@code ZstdChunkDecodeRounds FILE.i32.zst WARMUP_MILLIS [frame]}.
 */
public final class ZstdChunkDecodeRounds {
    private ZstdChunkDecodeRounds() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2 && !(args.length == 3 && args[2].equals("frame"))) {
            System.err.println("usage: ZstdChunkDecodeRounds FILE.i32.zst WARMUP_MILLIS [frame]");
            System.exit(2);
        }
        byte[] payload = Files.readAllBytes(Path.of(args[0]));
        int samples = Math.toIntExact(Zstd.getFrameContentSize(payload) / 4);
        ChunkRecord chunk = ZstdChunkDecodeBenchmark.chunk(samples, payload);
        ZstdChunkDecoder decoder = new ZstdChunkDecoder(ZstdChunkDecodeBenchmark.BLOCK_SAMPLES);
        boolean frameOnly = args.length == 3;
        long[] played = {0};
        long warmEnd = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000L;
        do {
            played[0] = 0;
            boolean defect = false;
            if (frameOnly) {
                played[0] = Zstd.decompress(payload, 4 * samples).length / 4;
            } else {
                defect = decoder.decode(chunk, b -> played[0] += b.sampleCount()).isPresent();
            }
            if (defect || played[0] != samples) {
                throw new IllegalStateException(args[0] + " does not decode cleanly: " + played[0] + " of " + samples);
            }
        } while (System.nanoTime() < warmEnd);
        System.out.println("ready");
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int round = 0;
        for (String line; (line = commands.readLine()) != null; ) {
            long millis = Long.parseLong(line.replace("round", "").trim());
            long bytes = 0;
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long elapsed;
            do {
                if (frameOnly) {
                    played[0] += Zstd.decompress(payload, 4 * samples).length;
                } else {
                    decoder.decode(chunk, b -> played[0] += b.sampleCount());
                }
                bytes += 4L * samples;
                elapsed = System.nanoTime() - start;
            } while (elapsed < millis * 1_000_000L);
            double seconds = elapsed / 1e9;
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            System.out.printf("round=%d bytes=%d seconds=%.6f mbps=%.1f cpu_mbps=%.1f%n", ++round, bytes, seconds,
                    bytes / seconds / 1e6, bytes / cpuSeconds / 1e6);
        }
    }
}
