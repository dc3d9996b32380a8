package org.audifleet.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import org.audifleet.chunkstore.ChunkFile;
import org.audifleet.codec.mseed.IntegrityPolicy;
import org.audifleet.codec.mseed.MseedFormatException;
import org.audifleet.wire.SampleRunSink;
import org.audifleet.wire.StreamId;

/**
 * {@code bin/decode} for the chunk store's {@code *.i32.zst} chunks. {@link ChunkFile} reads the file, its name
 * and the day's {@code manifest.json} beside it; each run of samples between the manifest's gaps is printed like
 * a miniSEED record:
 * {@code # REC off=<byte offset of the run in the decompressed Int32 stream> reclen=<run bytes> fmt=zst
 * enc=zstd-int32le swap=0 sid=FDSN:XX_DEMO__H_H_Z start=<first sample> rate=100 samplecnt=N numsamples=N type=i}.
 * Without a manifest the rate prints as 0 and the whole frame is one run starting at the slot start.
 *
 * <p>Memory is bounded by what the chunk may hold: a frame that declares or holds more than its manifest entry's
 * grid (without one, more than {@link ChunkFile#MAX_UNLISTED_SAMPLES}) is not read further, its samples up to there
 * are printed and it is an error ({@code decoded-size-exceeds-window}), like a cut frame.
 */
final class ChunkStoreInput implements DecodeCommand.InputFormat {

    @Override
    public boolean recognises(byte[] head, int length) {
        return ChunkFile.startsWithFrame(head, length);
    }

    @Override
    public void dump(Path file, InputStream in, RecordDump out, IntegrityPolicy integrity, Consumer<String> warnings)
            throws IOException {
        ChunkFile chunk = ChunkFile.open(file, warnings);
        String sid = chunk.name().map(name -> sourceId(name.stream())).orElse("");
        Runs runs = new Runs(out, sid, chunk);
        ChunkFile.Decoded decoded = chunk.decode(in, runs);
        runs.flush();
        if (runs.failure != null) {
            throw runs.failure;
        }
        Optional<String> fault = decoded.cut().or(decoded::oversize);
        if (fault.isPresent()) {
            throw new MseedFormatException(decoded.samples() * Integer.BYTES, fault.get());
        }
    }

    /** The FDSN source identifier libmseed prints: {@code FDSN:NET_STA_LOC_B_S_SS}. */
    private static String sourceId(StreamId stream) {
        String cha = stream.channel();
        return "FDSN:" + stream.network() + "_" + stream.station() + "_" + stream.location() + "_"
                + (cha.length() == 3 ? cha.charAt(0) + "_" + cha.charAt(1) + "_" + cha.charAt(2) : cha);
    }

    /** Gathers each run of samples between gaps and prints it as one record once the run ends. */
    private static final class Runs implements SampleRunSink {

        private final RecordDump out;
        private final String sid;
        private final long slotStartNanos;
        private final double rate;
        private int[] run = new int[1 << 16];
        private int length;
        private long runGridStart;
        private long gridPosition;
        private long byteOffset;
        private IOException failure;

        Runs(RecordDump out, String sid, ChunkFile chunk) {
            this.out = out;
            this.sid = sid;
            this.slotStartNanos = chunk.startMicros() * 1000;
            this.rate = chunk.sampleRate();
        }

        @Override
        public void appendSamples(int[] counts, int offset, int n) {
            if (length == 0) {
                runGridStart = gridPosition;
            }
            if (length + n > run.length) {
                // The decoder hands over no more than a chunk may hold; growing past that would only waste memory.
                long grown = Math.min(Math.max(run.length * 2L, length + n),
                        Math.max(ChunkFile.MAX_UNLISTED_SAMPLES, length + n));
                run = Arrays.copyOf(run, (int) grown);
            }
            System.arraycopy(counts, offset, run, length, n);
            length += n;
            gridPosition += n;
        }

        @Override
        public void appendGap(long missingSamples) {
            flush();
            gridPosition += missingSamples;
        }

        void flush() {
            if (length == 0 || failure != null) {
                return;
            }
            // Without a rate there are no gaps either: one run from the slot start.
            long start = rate > 0 ? slotStartNanos + Math.round(runGridStart * 1e9 / rate) : slotStartNanos;
            try {
                out.writeRun(byteOffset, length * 4L, "zst", "zstd-int32le", sid, start, rate, run, 0, length);
            } catch (IOException e) {
                failure = e;
            }
            byteOffset += length * 4L;
            length = 0;
        }
    }
}
