package org.audifleet.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Which part of which session a record on {@link Topics#CHUNKS_RAW} is, carried in Kafka headers beside the
 * value. The fetcher sets them on every chunk record; they repeat fields of the {@link ChunkRecord} because a
 * value that does not deserialize tells nothing, and the decoder must still publish the chunk's gap block so
 * the station goes on instead of waiting for a chunk that never comes. Numbers are big-endian (as in the hop
 * times and Spring Kafka's {@code kafka_dlt-*} headers), texts UTF-8; the table is in wire/README.md.
 *
 * @param windowStartMicros time of the chunk's first grid sample inside the session window, epoch µs
 * @param sampleCount       grid samples of the chunk inside the session window
 */
public record ChunkHeaders(UUID sessionId, StreamId stream, int chunkIndex, int chunkCount, long windowStartMicros,
        double sampleRate, int sampleCount, long peakCounts) {

    public static final String SESSION = "audifleet-session";
    public static final String STREAM = "audifleet-stream";
    public static final String CHUNK_INDEX = "audifleet-chunk-index";
    public static final String CHUNK_COUNT = "audifleet-chunk-count";
    public static final String WINDOW_START = "audifleet-window-start";
    public static final String SAMPLE_RATE = "audifleet-sample-rate";
    public static final String SAMPLE_COUNT = "audifleet-sample-count";
    public static final String PEAK = "audifleet-peak";
    /**
     * On a chunk's fragments after the first: the {@code chunks.raw} offset of its fragment 0 (same partition), so
     * a decoder that has not seen the earlier fragments (it restarted) can read them again.
     */
    public static final String FIRST_FRAGMENT_OFFSET = "audifleet-first-fragment-offset";

    /** Sets {@link #FIRST_FRAGMENT_OFFSET}. */
    public static void writeFirstFragmentOffset(Headers headers, long offset) {
        put(headers, FIRST_FRAGMENT_OFFSET, ByteBuffer.allocate(8).putLong(offset).array());
    }

    /** {@link #FIRST_FRAGMENT_OFFSET}, if the record has a well-formed one. */
    public static java.util.OptionalLong firstFragmentOffset(Headers headers) {
        byte[] v = value(headers, FIRST_FRAGMENT_OFFSET, 8);
        long offset = v == null ? -1 : ByteBuffer.wrap(v).getLong();
        return offset < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(offset);
    }

    public static ChunkHeaders of(ChunkRecord chunk) {
        return new ChunkHeaders(chunk.sessionId(), chunk.stream(), chunk.chunkIndex(), chunk.chunkCount(),
                chunk.startMicros() + Math.round(chunk.skipSamples() * 1_000_000.0 / chunk.sampleRate()),
                chunk.sampleRate(), chunk.sampleCount(), chunk.peakCounts());
    }

    /** Sets these headers on a record, replacing any of the same name. */
    public void writeTo(Headers headers) {
        put(headers, SESSION, sessionId.toString().getBytes(StandardCharsets.UTF_8));
        put(headers, STREAM, stream.toString().getBytes(StandardCharsets.UTF_8));
        put(headers, CHUNK_INDEX, ByteBuffer.allocate(4).putInt(chunkIndex).array());
        put(headers, CHUNK_COUNT, ByteBuffer.allocate(4).putInt(chunkCount).array());
        put(headers, WINDOW_START, ByteBuffer.allocate(8).putLong(windowStartMicros).array());
        put(headers, SAMPLE_RATE, ByteBuffer.allocate(8).putDouble(sampleRate).array());
        put(headers, SAMPLE_COUNT, ByteBuffer.allocate(4).putInt(sampleCount).array());
        put(headers, PEAK, ByteBuffer.allocate(8).putLong(peakCounts).array());
    }

    /** The chunk a record's headers describe; empty if any header is missing or malformed. */
    public static Optional<ChunkHeaders> readFrom(Headers headers) {
        try {
            byte[] session = value(headers, SESSION, -1);
            byte[] stream = value(headers, STREAM, -1);
            byte[] index = value(headers, CHUNK_INDEX, 4);
            byte[] count = value(headers, CHUNK_COUNT, 4);
            byte[] start = value(headers, WINDOW_START, 8);
            byte[] rate = value(headers, SAMPLE_RATE, 8);
            byte[] samples = value(headers, SAMPLE_COUNT, 4);
            byte[] peak = value(headers, PEAK, 8);
            if (session == null || stream == null || index == null || count == null || start == null || rate == null
                    || samples == null || peak == null) {
                return Optional.empty();
            }
            int chunkIndex = ByteBuffer.wrap(index).getInt();
            int chunkCount = ByteBuffer.wrap(count).getInt();
            int sampleCount = ByteBuffer.wrap(samples).getInt();
            double sampleRate = ByteBuffer.wrap(rate).getDouble();
            if (chunkIndex < 0 || chunkIndex >= chunkCount || sampleCount < 0 || !(sampleRate > 0)) {
                return Optional.empty();
            }
            return Optional.of(new ChunkHeaders(UUID.fromString(new String(session, StandardCharsets.UTF_8)),
                    StreamId.parse(new String(stream, StandardCharsets.UTF_8)), chunkIndex, chunkCount,
                    ByteBuffer.wrap(start).getLong(), sampleRate, sampleCount, ByteBuffer.wrap(peak).getLong()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The one gap block that stands for the chunk's whole window when none of its samples can be had. */
    public PcmBlock gapBlock() {
        return PcmBlock.gap(sessionId, stream, chunkIndex, chunkCount, 0, true, windowStartMicros, sampleRate,
                peakCounts, sampleCount);
    }

    private static void put(Headers headers, String key, byte[] value) {
        headers.remove(key);
        headers.add(key, value);
    }

    /** The last value of a header, null if absent or not {@code length} bytes long ({@code -1}: any length). */
    private static byte[] value(Headers headers, String key, int length) {
        Header h = headers.lastHeader(key);
        if (h == null || h.value() == null || (length >= 0 && h.value().length != length)) {
            return null;
        }
        return h.value();
    }
}
