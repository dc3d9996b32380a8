package org.audifleet.codec.mseed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Steim figure of bench/parts/10-steim: what {@link SteimDecodeBenchmark} measures (parse + decode of a
 * file held in memory, one thread, {@link MseedReader#readAll}), in rounds the part interleaves with libmseed's
 * (bench/peers/libmseed-harness.c, same protocol). After {@code WARMUP_MILLIS} of passes (JIT; thread CPU time)
 * it prints {@code ready checksum=C} (the sum of every sample of one pass, as the C harness prints it); then each
 * stdin line {@code round MILLIS} decodes passes for at least MILLIS ms of this thread's CPU time and prints
 * {@code round=N samples=S seconds=T msps=M wall_msps=W} (T and M in thread CPU time, which on a loaded machine
 * leaves out the time the thread waited for a core; W in wall time). Garbage collection runs in other threads
 * and is not counted; allocating and zeroing each record's {@code int[]} is.
 * Usage: {@code SteimDecodeRounds FILE WARMUP_MILLIS}.
 */
public final class SteimDecodeRounds {
    private SteimDecodeRounds() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: SteimDecodeRounds FILE WARMUP_MILLIS");
            System.exit(2);
        }
        byte[] bytes = Files.readAllBytes(Path.of(args[0]));
        MseedReader reader = new MseedReader();
        long[] checksum = {0};
        reader.readAll(bytes, 0, bytes.length, r -> {
            for (int s : r.ints()) {
                checksum[0] += s;
            }
        });
        long[] samples = {0};
        int[] sink = {0};
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        // Warm-up in this thread's CPU time too: on a loaded machine a wall-clock warm-up left the first rounds
        // before C2 had compiled the decoder.
        long warmEnd = cpu.getCurrentThreadCpuTime() + Long.parseLong(args[1]) * 1_000_000L;
        while (cpu.getCurrentThreadCpuTime() < warmEnd) {
            pass(reader, bytes, samples, sink);
        }
        System.out.println("ready checksum=" + checksum[0]);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        int round = 0;
        for (String line; (line = commands.readLine()) != null; ) {
            long millis = Long.parseLong(line.replace("round", "").trim());
            samples[0] = 0;
            long wall = System.nanoTime();
            long start = cpu.getCurrentThreadCpuTime();
            long elapsed;
            do {
                pass(reader, bytes, samples, sink);
                elapsed = cpu.getCurrentThreadCpuTime() - start;
            } while (elapsed < millis * 1_000_000L);
            double seconds = elapsed / 1e9;
            double wallSeconds = (System.nanoTime() - wall) / 1e9;
            System.out.printf("round=%d samples=%d seconds=%.6f msps=%.1f wall_msps=%.1f sink=%d%n", ++round,
                    samples[0], seconds, samples[0] / seconds / 1e6, samples[0] / wallSeconds / 1e6, sink[0] & 1);
        }
    }

    /** One parse + decode of the whole file; touches the last sample of each record so nothing is dead code. */
    private static void pass(MseedReader reader, byte[] bytes, long[] samples, int[] sink) throws MseedFormatException {
        reader.readAll(bytes, 0, bytes.length, r -> {
            samples[0] += r.sampleCount();
            sink[0] += r.ints()[r.sampleCount() - 1];
        });
    }
}
