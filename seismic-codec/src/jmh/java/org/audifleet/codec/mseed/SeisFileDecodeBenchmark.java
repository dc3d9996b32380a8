package org.audifleet.codec.mseed;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
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

import edu.sc.seis.seisFile.mseed.DataRecord;
import edu.sc.seis.seisFile.mseed.SeedRecord;

/**
 * The project's named peer, seisFile 2.4.1 (+ seedCodec 1.2.0), on the same miniSEED 2 bench files: parse every
 * record and decompress it to int[]. Its miniSEED 3 Steim decoding is wrong (see shared INDEX.md), so no v3 here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SeisFileDecodeBenchmark {
    @Param({
        "bench-1M-enc10-v2-4096.mseed2",
        "bench-1M-enc11-v2-4096.mseed2",
        "bench-1M-COLA-enc10-v2-4096.mseed2",
        "bench-1M-COLA-enc11-v2-4096.mseed2",
        "bench-1M-enc11-v2-512.mseed2"})
    public String file;

    private byte[] bytes;

    @Setup
    public void load() throws Exception {
        bytes = SteimDecodeBenchmark.load(file);
        long[] samples = {0};
        decode(bytes, ints -> samples[0] += ints.length);
        if (samples[0] != SteimDecodeBenchmark.SAMPLES_PER_FILE) {
            throw new IllegalStateException(file + ": seisFile decoded " + samples[0] + " samples");
        }
    }

    interface IntsSink {
        void accept(int[] ints);
    }

    static void decode(byte[] bytes, IntsSink sink) throws Exception {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        while (true) {
            SeedRecord record;
            try {
                record = SeedRecord.read(in);
            } catch (EOFException end) {
                return;
            }
            if (record instanceof DataRecord data) {
                sink.accept(data.decompress().getAsInt());
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(SteimDecodeBenchmark.SAMPLES_PER_FILE)
    public void seisFile(Blackhole sink) throws Exception {
        decode(bytes, sink::consume);
    }
}
