package org.audifleet.chunkstore.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.audifleet.chunkstore.ChunkFile;
import org.audifleet.chunkstore.ChunkSize;
import org.audifleet.chunkstore.DayManifest;
import org.audifleet.chunkstore.GridSink;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.Test;

/**
 * A chunk file in frames: the part of it a window needs ({@link PlannedChunk.Part}), decoded as a chunk of its own,
 * gives exactly what the whole file gives for that window, at the same instants, for windows starting and ending
 * anywhere (frame edges, inside a gap, the chunk's ends).
 */
class FramePartsTests {

    private static final StreamId DEMO = StreamId.parse("XX.DEMO..HHZ");
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final int GRID = 360_000;
    private static final int FRAME = 16_384;
    /** Grid samples [100_000, 118_000) are missing: 3 min inside the hour, across frame edges. */
    private static final int GAP_FROM = 100_000;
    private static final int GAP_TO = 118_000;

    private final int[] stored = storedSamples();
    private final ChunkFile.Encoded file = ChunkFile.encodeFrames(stored, 0, stored.length, FRAME);

    @Test
    void eachWindowsPartDecodesToExactlyTheWholeFilesWindow() {
        int[] starts = {0, 1, 4095, FRAME - 1, FRAME, FRAME + 1, 99_999, GAP_FROM, 110_000, GAP_TO - 1, GAP_TO,
            GAP_TO + 1, 200_000, GRID - 60_000, GRID - 1};
        int parts = 0;
        for (int skip : starts) {
            for (int length : new int[] {1, 4096, 60_000, GRID}) {
                int end = Math.min(GRID, skip + length);
                PlannedChunk chunk = plan(skip, end);
                if (!chunk.hasData()) {
                    continue;
                }
                long[] whole = decode(file.bytes(), chunk.gaps(), chunk.skipSamples(), end, GRID);
                PlannedChunk.Part part = chunk.part();
                if (part == null) {
                    // Only a window needing every frame is fetched whole.
                    assertThat(chunk.sampleCount()).as("skip %d end %d", skip, end).isGreaterThan(GRID - 2 * FRAME);
                    continue;
                }
                parts++;
                byte[] bytes = Arrays.copyOfRange(file.bytes(), (int) part.firstByte(), (int) part.endByte());
                long[] fromPart = decode(bytes, part.gaps(), part.skipSamples(),
                        part.skipSamples() + chunk.sampleCount(), part.gridSamples());
                assertThat(fromPart).as("skip %d end %d: %s", skip, end, part).isEqualTo(whole);
                assertThat(part.startMicros() + part.skipSamples() * 10_000L)
                        .isEqualTo(chunk.startMicros() + chunk.skipSamples() * 10_000L);
                assertThat(part.gridSamples()).isGreaterThanOrEqualTo(part.skipSamples() + chunk.sampleCount());
                assertThat(part.endByte() - part.firstByte()).isLessThan(file.bytes().length);
            }
        }
        assertThat(parts).isGreaterThan(30);
    }

    @Test
    void aTenMinuteWindowInsideTheHourFetchesAFewFramesAroundIt() {
        PlannedChunk chunk = plan(200_000, 260_000);
        PlannedChunk.Part part = chunk.part();
        // 60,000 samples span at most 5 frames of 16,384.
        assertThat(part.presentSamples()).isLessThanOrEqualTo(5 * FRAME);
        assertThat(part.endByte() - part.firstByte()).isLessThan(file.bytes().length / 4);
        assertThat(part.gaps()).isEmpty();
    }

    @Test
    void aFileWithoutFramesOrWithoutItsSizeIsFetchedWhole() {
        DayManifest.Chunk listed = listing();
        assertThat(plan(new DayManifest.Chunk(listed.start(), listed.end(), listed.file(), listed.samples(),
                listed.min(), listed.max(), listed.gaps(), listed.bytes()), 200_000, 260_000).part()).isNull();
        assertThat(plan(new DayManifest.Chunk(listed.start(), listed.end(), listed.file(), listed.samples(),
                listed.min(), listed.max(), listed.gaps(), 0, listed.frames()), 200_000, 260_000).part()).isNull();
    }

    @Test
    void readWholeTheFramesDecodeAsOneFrameOfTheSameSamples() {
        long[] framed = decode(file.bytes(), new int[0], 0, stored.length, stored.length);
        long[] single = decode(ChunkFile.encode(stored, 0, stored.length), new int[0], 0, stored.length,
                stored.length);
        assertThat(framed).isEqualTo(single);
        assertThat(file.frames().offsets()).hasSize((stored.length + FRAME - 1) / FRAME);
    }

    private PlannedChunk plan(int skip, int end) {
        return plan(listing(), skip, end);
    }

    private static PlannedChunk plan(DayManifest.Chunk listed, int skip, int end) {
        Map<ChunkSize, List<DayManifest.Chunk>> chunks = new EnumMap<>(ChunkSize.class);
        chunks.put(ChunkSize.ONE_HOUR, List.of(listed));
        DayManifest manifest = new DayManifest(DEMO, LocalDate.of(2024, 1, 1), 100.0, DayManifest.ENCODING, chunks);
        List<PlannedChunk> plan = new ChunkPlanner().plan(DEMO, T0.plusMillis(skip * 10L), T0.plusMillis(end * 10L),
                ChunkPolicy.fixed(ChunkSize.ONE_HOUR), d -> Optional.of(manifest));
        assertThat(plan).hasSize(1);
        return plan.get(0);
    }

    private DayManifest.Chunk listing() {
        return new DayManifest.Chunk(T0, T0.plusSeconds(3600), new ChunkFile.Name(DEMO, T0, ChunkSize.ONE_HOUR)
                .toString(), stored.length, -1000, 1000, List.of(new DayManifest.Gap(T0.plusMillis(GAP_FROM * 10L),
                T0.plusMillis(GAP_TO * 10L))), file.bytes().length, file.frames());
    }

    private static int[] storedSamples() {
        Random random = new Random(12);
        int[] samples = new int[GRID - (GAP_TO - GAP_FROM)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = random.nextInt(2001) - 1000;
        }
        return samples;
    }

    /** The window's grid: samples, and gaps as Long.MIN_VALUE; a cut or oversize frame fails the test. */
    private static long[] decode(byte[] payload, int[] gaps, long skip, long end, long grid) {
        GridSink out = new GridSink();
        ChunkFile.Decoded decoded = new ChunkFile.Decoder().decode(new ByteArrayInputStream(payload), gaps, skip, end,
                grid, out);
        assertThat(decoded.cut()).isEmpty();
        assertThat(decoded.oversize()).isEmpty();
        return out.toArray();
    }
}
