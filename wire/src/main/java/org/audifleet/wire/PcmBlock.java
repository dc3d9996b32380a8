package org.audifleet.wire;

import java.util.Objects;
import java.util.UUID;

/**
 * A run of decoded samples (counts, as the sensor recorded them) or a gap of a known length.
 * Published by the decoder on {@link Topics#AUDIO_PCM}.
 *
 * <p>{@code (chunkIndex, blockIndex)} is deterministic for a session: decoding a chunk twice gives the
 * same blocks with the same indices, so a consumer that sees one twice keeps the first and drops the
 * other. {@code lastInChunk} lets it know a chunk is whole.
 *
 * @param peakCounts largest absolute sample value known for the session so far (from the origin's
 *                   manifest when it has one, else from the chunks decoded), so a player can scale
 *                   counts to the audio range before it has heard the loudest part; 0 when unknown
 */
public record PcmBlock(UUID sessionId, StreamId stream, int chunkIndex, int chunkCount, int blockIndex,
        boolean lastInChunk, Kind kind, long startMicros, double sampleRate, long peakCounts, int sampleCount,
        int[] samples) {

    static final String MAGIC = "AFPB";
    static final int VERSION = 1;

    public enum Kind { SAMPLES, GAP }

    public PcmBlock {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(kind, "kind");
        // Every consumer's SampleRunSink refuses a negative gap, after the record was taken as readable.
        if (sampleCount < 0) {
            throw new IllegalArgumentException("block of " + sampleCount + " samples");
        }
        if (kind == Kind.SAMPLES && (samples == null || samples.length != sampleCount)) {
            throw new IllegalArgumentException("sample block says " + sampleCount + " samples but carries "
                    + (samples == null ? 0 : samples.length));
        }
        if (kind == Kind.GAP) {
            samples = new int[0];
        }
    }

    public static PcmBlock gap(UUID session, StreamId stream, int chunkIndex, int chunkCount, int blockIndex,
            boolean lastInChunk, long startMicros, double sampleRate, long peakCounts, int missingSamples) {
        return new PcmBlock(session, stream, chunkIndex, chunkCount, blockIndex, lastInChunk, Kind.GAP, startMicros,
                sampleRate, peakCounts, missingSamples, null);
    }

    /** Hands this block's samples, or its gap, to {@code sink}: the one place a block's kind is looked at. */
    public void appendTo(SampleRunSink sink) {
        if (kind == Kind.GAP) {
            sink.appendGap(sampleCount);
        } else {
            sink.appendSamples(samples, 0, sampleCount);
        }
    }

    public boolean lastOfSession() {
        return lastInChunk && chunkIndex == chunkCount - 1;
    }

    public byte[] encode() {
        int payload = kind == Kind.SAMPLES ? sampleCount * 4 : 0;
        int size = 5 + 3 + 16 + WireWriter.stringSize(stream.toString()) + 12 + 8 + 8 + 8 + 4 + payload;
        WireWriter w = new WireWriter(size, MAGIC, VERSION).u8(kind.ordinal()).u8(lastInChunk ? 1 : 0).u8(0)
                .uuid(sessionId).string(stream.toString()).i32(chunkIndex).i32(chunkCount).i32(blockIndex)
                .i64(startMicros).f64(sampleRate).i64(peakCounts).i32(sampleCount);
        if (kind == Kind.SAMPLES) {
            w.ints(samples, 0, sampleCount);
        }
        return w.toBytes();
    }

    public static PcmBlock decode(byte[] bytes) {
        WireReader r = new WireReader(bytes, "PcmBlock", MAGIC, VERSION);
        int kind = r.u8();
        int flags = r.u8();
        r.u8();
        UUID session = r.uuid();
        String stream = r.string();
        int chunkIndex = r.i32();
        int chunkCount = r.i32();
        int blockIndex = r.i32();
        long start = r.i64();
        double rate = r.f64();
        long peak = r.i64();
        int count = r.i32();
        try {
            Kind k = ChunkRecord.enumAt(Kind.values(), kind);
            int[] samples = k == Kind.SAMPLES ? r.ints(count) : null;
            r.end();
            return new PcmBlock(session, StreamId.parse(stream), chunkIndex, chunkCount, blockIndex, (flags & 1) != 0,
                    k, start, rate, peak, count, samples);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("PcmBlock: " + e.getMessage());
        }
    }
}
