package org.audifleet.decoder.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.StreamId;

/**
 * The zstd chunk decoder ({@link ZstdChunkDecoder}, through chunk-store's {@code ChunkFile.Decoder}) against
 * arbitrary frames, windows and gap lists, as a {@code chunks.raw} record may carry them. The contract: nothing
 * escapes (a cut or corrupt frame is a {@link ChunkDefect}, never an exception), and the blocks cover the window
 * exactly: {@code sampleCount} grid samples, samples and gaps together, whatever the frame claims to hold
 * (a decompression bomb yields no more than the window), numbered 0, 1, ... with only the last one flagged and no
 * sample block longer than the block size.
 *
 * <p>Input layout (so seeds are real frames with a readable prefix), little-endian: u16 block size (1 + value %
 * 8192), u32 skip (% 2^20), u32 window samples (% 2^20), u8 gap count (% 9), that many (i32 offset, i32 length),
 * then the payload. Seeds in {@code ZstdChunkDecoderFuzzTestsInputs/decode/}: frames as {@code ChunkFile.encode}
 * writes them, whole, cut, with gaps. Fuzzing one method: CONTRIBUTING.md, "Fuzzing".
 */
class ZstdChunkDecoderFuzzTests {

    private static final StreamId STREAM = StreamId.parse("XX.FUZZ..HHZ");
    private static final int HEADER = 2 + 4 + 4 + 1;

    @FuzzTest(maxDuration = "20s")
    void decode(byte[] input) {
        if (input.length < HEADER) {
            return;
        }
        ByteBuffer in = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
        int blockSamples = 1 + (in.getShort() & 0xffff) % 8192;
        int skip = in.getInt() & 0xfffff;
        int samples = in.getInt() & 0xfffff;
        int gapCount = (in.get() & 0xff) % 9;
        int[] gaps = new int[Math.min(gapCount, in.remaining() / 8) * 2];
        for (int i = 0; i < gaps.length; i++) {
            gaps[i] = in.getInt();
        }
        byte[] payload = new byte[in.remaining()];
        in.get(payload);
        ChunkRecord chunk = new ChunkRecord(UUID.fromString("00000000-0000-0000-0000-00000000f022"), "fuzz", STREAM,
                0, 1, ChunkRecord.Kind.DATA, ChunkRecord.Encoding.ZSTD_INT32_LE, 1_000_000L, 100.0, skip, samples,
                gaps, 0L, "fuzz", payload);

        List<PcmBlock> blocks = new ArrayList<>();
        Optional<ChunkDefect> defect = new ZstdChunkDecoder(blockSamples).decode(chunk, blocks::add);

        assertThat(blocks).isNotEmpty();
        long covered = 0;
        for (int i = 0; i < blocks.size(); i++) {
            PcmBlock block = blocks.get(i);
            assertThat(block.blockIndex()).isEqualTo(i);
            assertThat(block.lastInChunk()).isEqualTo(i == blocks.size() - 1);
            assertThat(block.sampleCount()).isNotNegative();
            if (block.kind() == PcmBlock.Kind.SAMPLES) {
                assertThat(block.sampleCount()).isBetween(1, blockSamples);
            }
            covered += block.sampleCount();
        }
        assertThat(covered).as("grid samples covered by the blocks").isEqualTo(samples);
        defect.ifPresent(d -> assertThat(d.gridOffset()).isBetween((long) skip, (long) skip + samples));
    }
}
