package org.audifleet.decoder.decode.mseed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.audifleet.codec.mseed.Encoding;
import org.audifleet.codec.mseed.MseedReader;
import org.audifleet.codec.mseed.MseedRecord;
import org.audifleet.decoder.decode.ChunkDefect;
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
 * Chunk-to-first-PCM-block latency of a miniSEED chunk as FDSN dataselect sends it: a 100 Hz stream as Steim2
 * miniSEED 2 records of 4096 bytes covering the chunk's window ({@code PT6H} = 2,160,000 samples, or {@code PT10M}
 * = 60,000 for comparison), decoded by {@link MseedChunkDecoder} with the default block size.
 *
 * <ul>
 * <li>{@link #firstBlock}: from calling {@code decode} until the first {@link PcmBlock} reaches the consumer
 * (the consumer stops the decoder there with a marker exception).</li>
 * <li>{@link #wholeChunk}: from calling {@code decode} until it returns, every block handed over.</li>
 * </ul>
 *
 * <p>The payload is built once: the Steim2 records of the shared bench file {@code bench-1M-enc11-v2-4096.mseed2}
 * (real samples at 40 Hz), taken in turn and re-headed (stream code, BTIME start, rate 100 Hz, sequence number) so
 * they tile the window contiguously at 100 Hz. As dataselect does, the first record starts before the window and
 * the last ends after it; the decoder clips both.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ChunkToFirstBlockBenchmark {

    static final String SOURCE_FILE = "bench-1M-enc11-v2-4096.mseed2";
    static final int RECORD_LENGTH = 4096;
    static final double RATE = 100.0;
    /** The decoder's default {@code audifleet.decoder.block-samples}. */
    static final int BLOCK_SAMPLES = 4096;
    /** How far before the window the first record starts (dataselect returns whole records). */
    static final int LEAD_SAMPLES = 1234;
    static final StreamId STREAM = new StreamId("IU", "ANMO", "00", "HHZ");
    static final Instant WINDOW_START = Instant.parse("2024-03-01T00:00:00Z");

    /** Stops the decoder at the first block; no stack trace, so throwing costs next to nothing. */
    static final class FirstBlock extends RuntimeException {
        FirstBlock() {
            super(null, null, false, false);
        }
    }

    private static final FirstBlock FIRST_BLOCK = new FirstBlock();

    /** The chunk's window as an ISO-8601 duration. */
    @Param({"PT6H", "PT10M"})
    public String window;

    private ChunkRecord chunk;
    private MseedChunkDecoder decoder;
    private PcmBlock first;
    private PcmBlock last;
    private int blocks;

    @Setup
    public void buildChunk() throws Exception {
        int samples = Math.toIntExact(Duration.parse(window).toSeconds() * (long) RATE);
        chunk = chunk(window);
        decoder = new MseedChunkDecoder(BLOCK_SAMPLES);
        check(samples, chunk.payload());
    }

    /** The benchmark's chunk for {@code window} (also the decoder hop's, DecoderHopBenchmark). */
    public static ChunkRecord chunk(String window) throws IOException {
        int samples = Math.toIntExact(Duration.parse(window).toSeconds() * (long) RATE);
        byte[] payload = tile(sourceRecords(), samples);
        return new ChunkRecord(UUID.randomUUID(), "fdsn-bench", STREAM, 0, 1, ChunkRecord.Kind.DATA,
                ChunkRecord.Encoding.MINISEED, WINDOW_START.toEpochMilli() * 1000, RATE, 0, samples, null, 0L,
                "http://bench/fdsnws/dataselect/1/query", payload);
    }

    @Benchmark
    public PcmBlock firstBlock() {
        try {
            decoder.decode(chunk, b -> {
                first = b;
                throw FIRST_BLOCK;
            });
        } catch (FirstBlock stopped) {
            return first;
        }
        throw new IllegalStateException("the decoder handed over no block");
    }

    @Benchmark
    public PcmBlock wholeChunk() {
        decoder.decode(chunk, b -> last = b);
        return last;
    }

    /** The bench file's bytes, one 4096-byte Steim2 record after another. */
    private static byte[] sourceRecords() throws IOException {
        String shared = System.getProperty("audifleet.shared.dir");
        if (shared == null) {
            throw new IllegalStateException("system property audifleet.shared.dir is not set: run through the"
                    + " decoder-service jmh profile (it passes ../shared beside the checkout) or pass"
                    + " -Daudifleet.shared.dir=/path/to/shared");
        }
        Path path = Path.of(shared, "data", "mseed", "bench", SOURCE_FILE);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " is absent: the benchmark takes its Steim2 records from the"
                    + " shared bench data (audifleet.shared.dir=" + shared + ")");
        }
        byte[] bytes = Files.readAllBytes(path);
        if (bytes.length % RECORD_LENGTH != 0) {
            throw new IllegalStateException(path + " is not a whole number of " + RECORD_LENGTH + "-byte records");
        }
        return bytes;
    }

    /**
     * Source records in turn, re-headed to tile [start - LEAD_SAMPLES, start + samples) at 100 Hz without a gap;
     * the last record may reach past the window end.
     */
    static byte[] tile(byte[] source, int samples) {
        int records = source.length / RECORD_LENGTH;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long position = -LEAD_SAMPLES;
        for (int n = 0; position < samples; n++) {
            byte[] record = new byte[RECORD_LENGTH];
            System.arraycopy(source, (n % records) * RECORD_LENGTH, record, 0, RECORD_LENGTH);
            ByteBuffer header = ByteBuffer.wrap(record).order(headerOrder(record));
            // Sample offsets at 100 Hz are whole 1/10000 s, so BTIME holds every start exactly.
            Instant start = WINDOW_START.plusNanos(Math.round(position * 1e9 / RATE));
            reHead(record, header, n + 1, start);
            position += header.getShort(30) & 0xffff;
            out.writeBytes(record);
        }
        return out.toByteArray();
    }

    /** v2 fixed header: year 1900..2100 read in the header's byte order (as libmseed detects it). */
    private static ByteOrder headerOrder(byte[] record) {
        int year = ByteBuffer.wrap(record, 20, 2).order(ByteOrder.BIG_ENDIAN).getShort() & 0xffff;
        return year >= 1900 && year <= 2100 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    private static void reHead(byte[] record, ByteBuffer header, int sequence, Instant start) {
        ascii(record, 0, 6, String.format("%06d", sequence));
        ascii(record, 8, 5, STREAM.station());
        ascii(record, 13, 2, STREAM.location());
        ascii(record, 15, 3, STREAM.channel());
        ascii(record, 18, 2, STREAM.network());
        ZonedDateTime t = start.atZone(ZoneOffset.UTC);
        header.putShort(20, (short) t.getYear()).putShort(22, (short) t.getDayOfYear());
        header.put(24, (byte) t.getHour()).put(25, (byte) t.getMinute()).put(26, (byte) t.getSecond());
        header.put(27, (byte) 0).putShort(28, (short) (t.getNano() / 100_000));
        header.putShort(32, (short) RATE).putShort(34, (short) 1);
    }

    private static void ascii(byte[] record, int offset, int width, String value) {
        for (int i = 0; i < width; i++) {
            record[offset + i] = (byte) (i < value.length() ? value.charAt(i) : ' ');
        }
    }

    /** Refuses to measure anything but what the name says: Steim2 records tiling the window, no gap, no defect. */
    private void check(int samples, byte[] payload) throws Exception {
        List<MseedRecord> records = MseedReader.readAll(payload);
        long tiled = 0;
        long expectedStart = WINDOW_START.toEpochMilli() * 1_000_000L - Math.round(LEAD_SAMPLES * 1e9 / RATE);
        for (MseedRecord r : records) {
            if (r.encoding() != Encoding.STEIM2 || r.length() != RECORD_LENGTH || r.sampleRate() != RATE
                    || !MseedChunkDecoder.matches(r, STREAM) || r.startNanos() != expectedStart) {
                throw new IllegalStateException("re-headed record is not a contiguous " + STREAM + " Steim2 record"
                        + " at 100 Hz: " + r.sourceId() + " " + r.encodingName() + " " + r.sampleRate() + " Hz at "
                        + r.startIso());
            }
            expectedStart = r.endNanos();
            tiled += r.sampleCount();
        }
        int[] blockCount = {0};
        long[] played = {0};
        PcmBlock[] firstSeen = {null};
        Optional<ChunkDefect> defect = decoder.decode(chunk, b -> {
            firstSeen[0] = firstSeen[0] == null ? b : firstSeen[0];
            blockCount[0]++;
            if (b.kind() == PcmBlock.Kind.SAMPLES) {
                played[0] += b.sampleCount();
            }
        });
        if (defect.isPresent() || played[0] != samples || firstSeen[0].startMicros() != chunk.startMicros()) {
            throw new IllegalStateException("chunk does not decode cleanly: " + defect + ", " + played[0] + " of "
                    + samples + " samples played");
        }
        blocks = blockCount[0];
        System.out.printf("%n%s window: %d samples at 100 Hz, %d Steim2 records of %d bytes (%d bytes, %d samples"
                + " incl. the overhang), %d PCM blocks of up to %d samples%n", window, samples, records.size(),
                RECORD_LENGTH, payload.length, tiled, blocks, BLOCK_SAMPLES);
    }
}
