package org.audifleet.decoder.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.audifleet.chunkstore.ZstdBombs;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.Test;

class ZstdChunkDecoderTests {

    private static final StreamId STREAM = StreamId.parse("XX.DEMO..HHZ");

    private static byte[] zstd(int[] samples) {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(samples);
        return Zstd.compress(b.array(), 3);
    }

    private static ChunkRecord chunk(int skip, int count, int[] gaps, byte[] payload) {
        return new ChunkRecord(UUID.randomUUID(), "demo", STREAM, 0, 1, ChunkRecord.Kind.DATA,
                ChunkRecord.Encoding.ZSTD_INT32_LE, 1_000_000L, 100.0, skip, count, gaps, 0L, "test", payload);
    }

    /** Expands blocks to a grid: gaps become Long.MIN_VALUE markers. */
    private static long[] grid(List<PcmBlock> blocks) {
        return blocks.stream().flatMapToLong(b -> b.kind() == PcmBlock.Kind.GAP
                ? IntStream.range(0, b.sampleCount()).mapToLong(i -> Long.MIN_VALUE)
                : Arrays.stream(b.samples()).asLongStream()).toArray();
    }

    @Test
    void decodesIntoBlocksInOrderWithTheLastFlagged() {
        int[] samples = IntStream.range(0, 10_000).map(i -> i * 7 - 3000).toArray();
        List<PcmBlock> out = new ArrayList<>();
        Optional<ChunkDefect> defect = new ZstdChunkDecoder(4096).decode(chunk(0, 10_000, null, zstd(samples)), out::add);
        assertThat(defect).isEmpty();
        assertThat(out).extracting(PcmBlock::blockIndex).containsExactly(0, 1, 2);
        assertThat(out).extracting(PcmBlock::lastInChunk).containsExactly(false, false, true);
        assertThat(grid(out)).containsExactly(Arrays.stream(samples).asLongStream().toArray());
        assertThat(out.get(1).startMicros()).isEqualTo(1_000_000L + 40_960_000L);
        assertThat(out.get(2).peakCounts()).isEqualTo(66_993L);
    }

    @Test
    void eachBlockCarriesThePeakUpToItsLastSampleWhereverTheWindowStarts() {
        // Blocks of 1000 from a window starting at grid sample 333, so whole blocks come straight out of a read and
        // others straddle two reads (8192 samples each); Integer.MIN_VALUE's magnitude needs a long.
        int[] samples = IntStream.range(0, 40_000).map(i -> (i % 1000) - 500).toArray();
        samples[5_000] = 70_000;
        samples[20_500] = Integer.MIN_VALUE;
        samples[30_000] = -90_000;
        List<PcmBlock> out = new ArrayList<>();
        ZstdChunkDecoder decoder = new ZstdChunkDecoder(1000);
        for (int pass = 0; pass < 2; pass++) { // the second pass reuses the thread's frame decoder
            out.clear();
            assertThat(decoder.decode(chunk(333, 39_667, null, zstd(samples)), out::add)).isEmpty();
            assertThat(grid(out)).containsExactly(
                    Arrays.stream(samples, 333, 40_000).asLongStream().toArray());
            long peak = 0;
            long at = 333;
            for (PcmBlock block : out) {
                for (int i = 0; i < block.sampleCount(); i++) {
                    peak = Math.max(peak, Math.abs((long) samples[(int) at + i]));
                }
                at += block.sampleCount();
                assertThat(block.peakCounts()).as("block %d", block.blockIndex()).isEqualTo(peak);
                assertThat(block.startMicros()).isEqualTo(1_000_000L + (at - block.sampleCount()) * 10_000L);
            }
            assertThat(peak).isEqualTo(1L << 31);
        }
    }

    @Test
    void keepsOnlyTheWindowAndPutsGapsWhereTheGridSaysTheyAre() {
        // grid of 100: samples 0..29 present, 30..39 missing, 40..99 present (90 stored samples)
        int[] stored = IntStream.range(0, 100).filter(g -> g < 30 || g >= 40).map(g -> g + 1).toArray();
        List<PcmBlock> out = new ArrayList<>();
        new ZstdChunkDecoder(16).decode(chunk(25, 50, new int[] {30, 10}, zstd(stored)), out::add);
        long[] expected = IntStream.range(25, 75).mapToLong(g -> g >= 30 && g < 40 ? Long.MIN_VALUE : g + 1).toArray();
        assertThat(grid(out)).containsExactly(expected);
        assertThat(out.get(out.size() - 1).lastInChunk()).isTrue();
        PcmBlock gap = out.stream().filter(b -> b.kind() == PcmBlock.Kind.GAP).findFirst().orElseThrow();
        assertThat(gap.startMicros()).isEqualTo(1_000_000L + 300_000L);
    }

    @Test
    void gapsOutsideTheGridStillLeaveTheWholeWindowCovered() {
        // Found by ZstdChunkDecoderFuzzTests (crash-8d2c0cb6...): a gap run far before the grid, longer than the
        // chunk, made the frame "larger than its grid minus gaps" before anything was read, and the window of 2000
        // samples came out as one empty block.
        List<PcmBlock> out = new ArrayList<>();
        Optional<ChunkDefect> defect = new ZstdChunkDecoder(4096).decode(
                chunk(0, 2000, new int[] {-47_205_080, 1_048_736}, zstd(new int[2000])), out::add);
        assertThat(defect).isPresent();
        assertThat(defect.get().reason()).contains("the rest of the window is a gap");
        assertThat(grid(out)).hasSize(2000);
        assertThat(out.get(out.size() - 1).lastInChunk()).isTrue();
    }

    @Test
    void aTruncatedFrameKeepsWhatItDecodedAndGapsTheRest() {
        int[] samples = IntStream.range(0, 50_000).map(i -> (i * 31) % 977).toArray();
        byte[] payload = zstd(samples);
        List<PcmBlock> out = new ArrayList<>();
        Optional<ChunkDefect> defect = new ZstdChunkDecoder(4096)
                .decode(chunk(0, 50_000, null, Arrays.copyOf(payload, payload.length / 2)), out::add);
        assertThat(defect).isPresent();
        assertThat(defect.get().reason()).contains("zstd").contains("from test");
        long[] g = grid(out);
        assertThat(g).hasSize(50_000);
        int good = (int) defect.get().gridOffset();
        for (int i = 0; i < good; i++) {
            assertThat(g[i]).isEqualTo(samples[i]);
        }
        assertThat(Arrays.stream(g, good, g.length).allMatch(v -> v == Long.MIN_VALUE)).isTrue();
        assertThat(out.get(out.size() - 1).lastInChunk()).isTrue();
    }

    @Test
    void garbageIsADefectNotACrash() {
        List<PcmBlock> out = new ArrayList<>();
        Optional<ChunkDefect> defect = new ZstdChunkDecoder(4096).decode(chunk(0, 1000, null, new byte[] {1, 2, 3, 4, 5}),
                out::add);
        assertThat(defect).isPresent();
        assertThat(grid(out)).hasSize(1000);
    }

    @Test
    void aDecompressionBombIsADefectAndItsWindowStillPlays() {
        // 64 MiB of zeros compresses to a few KB and says so in its header; the window wants 1000 samples.
        byte[] bomb = Zstd.compress(new byte[64 * 1024 * 1024], 3);
        List<PcmBlock> out = new ArrayList<>();
        ChunkRecord chunk = chunk(0, 1000, null, bomb);
        Optional<ChunkDefect> defect = new ZstdChunkDecoder(4096).decode(chunk, out::add);
        assertThat(grid(out)).hasSize(1000).containsOnly(0L);
        assertThat(defect).hasValueSatisfying(d -> {
            assertThat(d.reason()).isEqualTo("decoded-size-exceeds-window: the zstd frame declares 67108864 bytes"
                    + " (16777216 samples), more than the chunk's 1000 samples; the window's 1000 samples played"
                    + " (chunk 0 of session " + chunk.sessionId() + ", origin demo, from test)");
            assertThat(d.gridOffset()).isEqualTo(1000);
        });
    }

    @Test
    void aTwoGibBombThatHidesItsSizeIsADefectOnceTheChunksGridIsRead() {
        // The session's last chunk: its window is the first 6000 of the chunk's 60,000 grid samples.
        ChunkRecord chunk = new ChunkRecord(UUID.randomUUID(), "demo", STREAM, 3, 4, ChunkRecord.Kind.DATA,
                ChunkRecord.Encoding.ZSTD_INT32_LE, 0L, 100.0, 0, 6000, 60_000, null, 0L, "http://origin/x.i32.zst",
                ZstdBombs.twoGiB());
        List<PcmBlock> out = new ArrayList<>();
        Optional<ChunkDefect> defect = new ZstdChunkDecoder(4096).decode(chunk, out::add);
        assertThat(grid(out)).hasSize(6000).containsOnly(0L);
        assertThat(out).allMatch(b -> b.kind() == PcmBlock.Kind.SAMPLES);
        assertThat(defect).hasValueSatisfying(d -> assertThat(d.reason()).isEqualTo("decoded-size-exceeds-window:"
                + " the zstd frame holds more than the chunk's 60000 samples (reading stopped at byte 240000 of the"
                + " decompressed stream); the window's 6000 samples played (chunk 3 of session " + chunk.sessionId()
                + ", origin demo, from http://origin/x.i32.zst)"));

        // The same chunk holding just its grid is no defect: the window ends inside it, the frame does not.
        ChunkRecord fits = new ChunkRecord(chunk.sessionId(), "demo", STREAM, 3, 4, ChunkRecord.Kind.DATA,
                ChunkRecord.Encoding.ZSTD_INT32_LE, 0L, 100.0, 0, 6000, 60_000, null, 0L, "x",
                ZstdBombs.zeros(60_000 * 4));
        assertThat(new ZstdChunkDecoder(4096).decode(fits, b -> { })).isEmpty();
    }

    @Test
    void aFrameCutInsideALaterBlockPlaysEveryWholeBlockBeforeTheCut() throws Exception {
        // Noise in zstd blocks of exactly 128 KiB (32768 samples): each flush ends one, so its end is known.
        int blockSamples = 32_768;
        int[] samples = new java.util.Random(10).ints(8 * blockSamples, -(1 << 20), 1 << 20).toArray();
        java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
        List<Integer> blockEnds = new ArrayList<>();
        try (com.github.luben.zstd.ZstdOutputStream zstd = new com.github.luben.zstd.ZstdOutputStream(frame, 3)) {
            ByteBuffer block = ByteBuffer.allocate(blockSamples * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int b = 0; b < 8; b++) {
                block.clear();
                block.asIntBuffer().put(samples, b * blockSamples, blockSamples);
                zstd.write(block.array());
                zstd.flush();
                blockEnds.add(frame.size());
            }
        }
        // Cut in the middle of the sixth block: five whole blocks come before it.
        int cutAt = (blockEnds.get(4) + blockEnds.get(5)) / 2;
        List<PcmBlock> out = new ArrayList<>();
        Optional<ChunkDefect> defect = new ZstdChunkDecoder(4096).decode(
                chunk(0, samples.length, null, Arrays.copyOf(frame.toByteArray(), cutAt)), out::add);
        assertThat(defect).hasValueSatisfying(d -> assertThat(d.reason()).contains("zstd")
                .contains("the rest of the window is a gap"));
        long played = defect.get().gridOffset();
        assertThat(played).as("samples played").isGreaterThanOrEqualTo(5L * blockSamples)
                .isLessThan(6L * blockSamples);
        long[] g = grid(out);
        assertThat(g).hasSize(samples.length);
        for (int i = 0; i < played; i++) {
            assertThat(g[i]).as("sample %d", i).isEqualTo(samples[i]);
        }
        assertThat(Arrays.stream(g, (int) played, g.length).allMatch(v -> v == Long.MIN_VALUE)).isTrue();
    }

    @Test
    void aGapChunkBecomesOneGapBlock() {
        ChunkRecord gap = new ChunkRecord(UUID.randomUUID(), "demo", STREAM, 2, 3, ChunkRecord.Kind.GAP,
                ChunkRecord.Encoding.ZSTD_INT32_LE, 0L, 100.0, 0, 60_000, null, 0L, "test", null);
        List<PcmBlock> out = new ArrayList<>();
        new ZstdChunkDecoder(4096).decode(gap, out::add);
        assertThat(out).singleElement().satisfies(b -> {
            assertThat(b.kind()).isEqualTo(PcmBlock.Kind.GAP);
            assertThat(b.sampleCount()).isEqualTo(60_000);
            assertThat(b.lastOfSession()).isTrue();
        });
    }
}
