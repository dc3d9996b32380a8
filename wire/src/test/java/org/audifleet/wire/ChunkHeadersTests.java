package org.audifleet.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class ChunkHeadersTests {

    private static final UUID SESSION = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
    private static final StreamId STREAM = StreamId.parse("XX.DEMO..HHZ");

    /** Chunk 2 of 5 at 40 Hz whose grid starts 250 samples (6.25 s) before the window. */
    private static ChunkRecord chunk() {
        return new ChunkRecord(SESSION, "demo", STREAM, 2, 5, ChunkRecord.Kind.DATA,
                ChunkRecord.Encoding.ZSTD_INT32_LE, 1_000_000L, 40.0, 250, 24_000, new int[] {5, 7}, 999L, "http://x/y",
                new byte[] {1, 2, 3});
    }

    @Test
    void aChunkRecordsHeadersGiveBackItsSessionPlaceAndWindow() {
        Headers headers = new RecordHeaders();
        ChunkHeaders.of(chunk()).writeTo(headers);
        assertThat(ChunkHeaders.readFrom(headers)).contains(new ChunkHeaders(SESSION, STREAM, 2, 5,
                1_000_000L + 6_250_000L, 40.0, 24_000, 999L));
    }

    @Test
    void numbersAreBigEndianAndIdsText() {
        Headers headers = new RecordHeaders();
        ChunkHeaders.of(chunk()).writeTo(headers);
        assertThat(new String(headers.lastHeader("audifleet-session").value(), StandardCharsets.UTF_8))
                .isEqualTo(SESSION.toString());
        assertThat(new String(headers.lastHeader("audifleet-stream").value(), StandardCharsets.UTF_8))
                .isEqualTo("XX.DEMO..HHZ");
        assertThat(headers.lastHeader("audifleet-chunk-index").value()).containsExactly(0, 0, 0, 2);
        assertThat(headers.lastHeader("audifleet-chunk-count").value()).containsExactly(0, 0, 0, 5);
        assertThat(ByteBuffer.wrap(headers.lastHeader("audifleet-window-start").value()).getLong())
                .isEqualTo(7_250_000L);
        assertThat(ByteBuffer.wrap(headers.lastHeader("audifleet-sample-rate").value()).getDouble()).isEqualTo(40.0);
        assertThat(headers.lastHeader("audifleet-sample-count").value()).containsExactly(0, 0, 0x5d, (byte) 0xc0);
        assertThat(ByteBuffer.wrap(headers.lastHeader("audifleet-peak").value()).getLong()).isEqualTo(999L);
    }

    @Test
    void writingAgainReplacesRatherThanAppends() {
        Headers headers = new RecordHeaders();
        ChunkHeaders.of(chunk()).writeTo(headers);
        ChunkHeaders.of(chunk()).writeTo(headers);
        assertThat(headers.headers("audifleet-chunk-index")).hasSize(1);
    }

    @Test
    void theGapBlockCoversTheWholeWindowAsTheChunksOnlyAndLastBlock() {
        PcmBlock gap = ChunkHeaders.of(chunk()).gapBlock();
        assertThat(gap.kind()).isEqualTo(PcmBlock.Kind.GAP);
        assertThat(gap.sessionId()).isEqualTo(SESSION);
        assertThat(gap.stream()).isEqualTo(STREAM);
        assertThat(gap.chunkIndex()).isEqualTo(2);
        assertThat(gap.chunkCount()).isEqualTo(5);
        assertThat(gap.blockIndex()).isZero();
        assertThat(gap.lastInChunk()).isTrue();
        assertThat(gap.startMicros()).isEqualTo(7_250_000L);
        assertThat(gap.sampleRate()).isEqualTo(40.0);
        assertThat(gap.sampleCount()).isEqualTo(24_000);
        assertThat(gap.peakCounts()).isEqualTo(999L);
    }

    @Test
    void missingOrMalformedHeadersSayNothing() {
        Headers none = new RecordHeaders();
        assertThat(ChunkHeaders.readFrom(none)).isEmpty();

        Headers partial = new RecordHeaders();
        ChunkHeaders.of(chunk()).writeTo(partial);
        partial.remove("audifleet-peak");
        assertThat(ChunkHeaders.readFrom(partial)).isEmpty();

        Headers shortNumber = new RecordHeaders();
        ChunkHeaders.of(chunk()).writeTo(shortNumber);
        shortNumber.remove("audifleet-chunk-index");
        shortNumber.add("audifleet-chunk-index", new byte[] {2});
        assertThat(ChunkHeaders.readFrom(shortNumber)).isEmpty();

        Headers badSession = new RecordHeaders();
        ChunkHeaders.of(chunk()).writeTo(badSession);
        badSession.remove("audifleet-session");
        badSession.add("audifleet-session", "not-a-uuid".getBytes(StandardCharsets.UTF_8));
        assertThat(ChunkHeaders.readFrom(badSession)).isEmpty();

        Headers indexBeyondCount = new RecordHeaders();
        new ChunkHeaders(SESSION, STREAM, 0, 1, 0L, 100.0, 10, 0L).writeTo(indexBeyondCount);
        indexBeyondCount.remove("audifleet-chunk-index");
        indexBeyondCount.add("audifleet-chunk-index", ByteBuffer.allocate(4).putInt(1).array());
        assertThat(ChunkHeaders.readFrom(indexBeyondCount)).isEmpty();
    }

    @Test
    void firstFragmentOffsetIsABigEndianLongAndAbsentOrMalformedReadsAsNone() {
        Headers headers = new RecordHeaders();
        assertThat(ChunkHeaders.firstFragmentOffset(headers)).isEmpty();
        ChunkHeaders.writeFirstFragmentOffset(headers, 1234L);
        ChunkHeaders.writeFirstFragmentOffset(headers, 4321L);
        assertThat(headers.headers(ChunkHeaders.FIRST_FRAGMENT_OFFSET)).hasSize(1);
        assertThat(headers.lastHeader(ChunkHeaders.FIRST_FRAGMENT_OFFSET).value())
                .isEqualTo(ByteBuffer.allocate(8).putLong(4321L).array());
        assertThat(ChunkHeaders.firstFragmentOffset(headers)).hasValue(4321L);
        headers.add(ChunkHeaders.FIRST_FRAGMENT_OFFSET, new byte[] {1, 2});
        assertThat(ChunkHeaders.firstFragmentOffset(headers)).isEmpty();
        headers.add(ChunkHeaders.FIRST_FRAGMENT_OFFSET, ByteBuffer.allocate(8).putLong(-5).array());
        assertThat(ChunkHeaders.firstFragmentOffset(headers)).isEmpty();
    }
}
