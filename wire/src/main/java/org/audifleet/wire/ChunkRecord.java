package org.audifleet.wire;

import java.util.Objects;
import java.util.UUID;

/**
 * One planned chunk of a session as the origin served it, still compressed. Published by the fetcher
 * on {@link Topics#CHUNKS_RAW}. A chunk the origin has no data for travels as {@link Kind#GAP} with
 * no payload, so the session's sample count stays whole.
 *
 * <p>Positions are counted on the chunk's sample grid: grid sample {@code i} is at
 * {@code startMicros + i / sampleRate}. The payload holds only the samples that exist, in grid order;
 * {@code gaps} says which grid runs are missing. The session keeps grid samples
 * {@code [skipSamples, skipSamples + sampleCount)} (the window may start or end inside a chunk) of the chunk's
 * {@code gridSamples}: a zstd payload holds {@code gridSamples} minus its gap samples, never more, so the decoder
 * can tell a frame that inflates beyond its chunk (a decompression bomb) from one that only outlasts the window.
 *
 * @param startMicros grid sample 0 of the chunk (epoch µs)
 * @param skipSamples grid samples before the session window starts
 * @param sampleCount grid samples inside the session window (for a {@link Kind#GAP}: how many are missing)
 * @param gridSamples grid samples of the whole chunk (chunk length × rate), at least {@code skipSamples +
 *                    sampleCount}
 * @param gaps        missing grid runs, as pairs {@code (offset, length)} flattened: {@code [o0, l0, o1, l1, ...]}
 * @param peakCounts  largest absolute sample value of the whole session window when the origin says
 *                    (a chunk store manifest does), else 0
 * @param source      where it came from (URL or path), for error reports
 * @param payload     this fragment's bytes of the chunk's payload: fragments concatenated in order are the payload
 * @param fragmentIndex 0-based position of this record among the chunk's fragments (version 3; version 2 records
 *                    are fragment 0 of 1)
 * @param fragmentCount records the chunk's payload travels in; every fragment repeats the chunk's other fields, so
 *                    the first one is enough to start decoding
 */
public record ChunkRecord(UUID sessionId, String origin, StreamId stream, int chunkIndex, int chunkCount,
        Kind kind, Encoding encoding, long startMicros, double sampleRate, int skipSamples, int sampleCount,
        int gridSamples, int[] gaps, long peakCounts, String source, byte[] payload, int fragmentIndex,
        int fragmentCount) {

    static final String MAGIC = "AFCR";
    static final int VERSION = 3;
    /** The oldest version this build still reads: a version 2 record is its chunk's only fragment. */
    static final int OLDEST_READ = 2;

    public enum Kind { DATA, GAP }

    public enum Encoding {
        /** zstd frame of Int32 little-endian samples (the chunk store). */
        ZSTD_INT32_LE,
        /** miniSEED 2 or 3 records (FDSN dataselect). */
        MINISEED
    }

    public ChunkRecord {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(source, "source");
        payload = payload == null ? new byte[0] : payload;
        gaps = gaps == null ? new int[0] : gaps;
        if (gaps.length % 2 != 0) {
            throw new IllegalArgumentException("gaps must be (offset, length) pairs");
        }
        if (chunkIndex < 0 || chunkIndex >= chunkCount) {
            throw new IllegalArgumentException("chunk " + chunkIndex + " of " + chunkCount);
        }
        // A negative window would have a decoder emit fewer grid samples than the session counts on.
        if (skipSamples < 0 || sampleCount < 0) {
            throw new IllegalArgumentException("window of " + sampleCount + " samples after " + skipSamples
                    + " is negative");
        }
        if ((long) skipSamples + sampleCount > gridSamples) {
            throw new IllegalArgumentException("window [" + skipSamples + ", " + ((long) skipSamples + sampleCount)
                    + ") reaches beyond the chunk's " + gridSamples + " grid samples");
        }
        if (fragmentIndex < 0 || fragmentIndex >= fragmentCount) {
            throw new IllegalArgumentException("fragment " + fragmentIndex + " of " + fragmentCount);
        }
    }

    /** The whole chunk in one record: fragment 0 of 1. */
    public ChunkRecord(UUID sessionId, String origin, StreamId stream, int chunkIndex, int chunkCount, Kind kind,
            Encoding encoding, long startMicros, double sampleRate, int skipSamples, int sampleCount,
            int gridSamples, int[] gaps, long peakCounts, String source, byte[] payload) {
        this(sessionId, origin, stream, chunkIndex, chunkCount, kind, encoding, startMicros, sampleRate, skipSamples,
                sampleCount, gridSamples, gaps, peakCounts, source, payload, 0, 1);
    }

    /** A chunk that ends with the session window: its grid is {@code skipSamples + sampleCount} samples. */
    public ChunkRecord(UUID sessionId, String origin, StreamId stream, int chunkIndex, int chunkCount, Kind kind,
            Encoding encoding, long startMicros, double sampleRate, int skipSamples, int sampleCount, int[] gaps,
            long peakCounts, String source, byte[] payload) {
        this(sessionId, origin, stream, chunkIndex, chunkCount, kind, encoding, startMicros, sampleRate, skipSamples,
                sampleCount, (int) Math.min(Integer.MAX_VALUE, (long) skipSamples + sampleCount), gaps, peakCounts,
                source, payload);
    }

    /** Last chunk of the session: after its blocks the session is complete. */
    public boolean last() {
        return chunkIndex == chunkCount - 1;
    }

    /** The chunk's last fragment: with it the chunk's payload is whole. */
    public boolean lastFragment() {
        return fragmentIndex == fragmentCount - 1;
    }

    /** This chunk's fragment {@code index} of {@code count}, carrying {@code bytes} of its payload. */
    public ChunkRecord fragment(int index, int count, byte[] bytes) {
        return new ChunkRecord(sessionId, origin, stream, chunkIndex, chunkCount, kind, encoding, startMicros,
                sampleRate, skipSamples, sampleCount, gridSamples, gaps, peakCounts, source, bytes, index, count);
    }

    public byte[] encode() {
        int size = 5 + 3 + 16 + WireWriter.stringSize(origin) + WireWriter.stringSize(stream.toString()) + 8 + 8 + 8
                + 4 + 4 + 4 + 4 + 4 + 4 + gaps.length * 4 + 8 + WireWriter.stringSize(source) + 4 + payload.length;
        return new WireWriter(size, MAGIC, VERSION).u8(kind.ordinal()).u8(encoding.ordinal()).u8(0)
                .uuid(sessionId).string(origin).string(stream.toString()).i32(chunkIndex).i32(chunkCount)
                .i64(startMicros).f64(sampleRate).i32(skipSamples).i32(sampleCount).i32(gridSamples)
                .i32(fragmentIndex).i32(fragmentCount).i32(gaps.length / 2)
                .ints(gaps, 0, gaps.length).i64(peakCounts).string(source)
                .i32(payload.length).bytes(payload).toBytes();
    }

    public static ChunkRecord decode(byte[] bytes) {
        WireReader r = new WireReader(bytes, "ChunkRecord", MAGIC, OLDEST_READ, VERSION);
        int kind = r.u8();
        int encoding = r.u8();
        r.u8();
        UUID session = r.uuid();
        String origin = r.string();
        String stream = r.string();
        int index = r.i32();
        int count = r.i32();
        long start = r.i64();
        double rate = r.f64();
        int skip = r.i32();
        int samples = r.i32();
        int grid = r.i32();
        int fragmentIndex = r.version() >= 3 ? r.i32() : 0;
        int fragmentCount = r.version() >= 3 ? r.i32() : 1;
        int gapCount = r.i32();
        int[] gaps = r.ints(gapCount < 0 || gapCount > 1 << 24 ? -1 : gapCount * 2);
        long peak = r.i64();
        String source = r.string();
        byte[] payload = r.bytes(r.i32());
        r.end();
        try {
            return new ChunkRecord(session, origin, StreamId.parse(stream), index, count, enumAt(Kind.values(), kind),
                    enumAt(Encoding.values(), encoding), start, rate, skip, samples, grid, gaps, peak, source,
                    payload, fragmentIndex, fragmentCount);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("ChunkRecord: " + e.getMessage());
        }
    }

    static <E> E enumAt(E[] values, int ordinal) {
        if (ordinal >= values.length) {
            throw new IllegalArgumentException("unknown code " + ordinal + " for " + values[0].getClass().getSimpleName());
        }
        return values[ordinal];
    }
}
