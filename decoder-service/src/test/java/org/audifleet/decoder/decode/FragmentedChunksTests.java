package org.audifleet.decoder.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.Test;

class FragmentedChunksTests {

    private static final StreamId STREAM = StreamId.parse("XX.DEMO..HHZ");
    private static final int GRID = 600_000;
    /** Grid runs (offset, length) the store has no samples for. */
    private static final int[] GAPS = {100_000, 7_000};
    private static final ZstdChunkDecoder ZSTD = new ZstdChunkDecoder(4096);

    /** A noisy seismogram-like frame of the grid minus its gaps, about 0.5 MB compressed. */
    private static byte[] payload(int stored) {
        Random random = new Random(12);
        ByteBuffer b = ByteBuffer.allocate(stored * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < stored; i++) {
            b.putInt((int) (2000 * Math.sin(i * 0.003)) + random.nextInt(200));
        }
        return Zstd.compress(b.array(), 3);
    }

    private static ChunkRecord chunk(UUID session, int skip, int count, int grid, byte[] payload) {
        return new ChunkRecord(session, "demo", STREAM, 3, 9, ChunkRecord.Kind.DATA,
                ChunkRecord.Encoding.ZSTD_INT32_LE, 1_000_000L, 100.0, skip, count, grid, GAPS, 0L, "test", payload);
    }

    /** As the fetcher cuts them: {@code first} bytes, then each twice the one before. */
    private static List<ChunkRecord> fragments(ChunkRecord whole, int first) {
        byte[] p = whole.payload();
        List<int[]> ranges = new ArrayList<>();
        for (int from = 0, size = first; from < p.length; from += size, size *= 2) {
            ranges.add(new int[] {from, Math.min(p.length, from + size)});
        }
        List<ChunkRecord> out = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            out.add(whole.fragment(i, ranges.size(), Arrays.copyOfRange(p, ranges.get(i)[0], ranges.get(i)[1])));
        }
        return out;
    }

    private static FragmentedChunks.EarlierFragments from(List<ChunkRecord> all) {
        return f -> all.subList(0, f.fragmentIndex()).stream().map(ChunkRecord::payload).collect(Collectors.toList());
    }

    /** Blocks by content (a record's int[] compares by reference). */
    private static List<ByteBuffer> bytes(List<PcmBlock> blocks) {
        return blocks.stream().map(b -> ByteBuffer.wrap(b.encode())).collect(Collectors.toList());
    }

    private static List<PcmBlock> whole(ChunkRecord chunk) {
        List<PcmBlock> out = new ArrayList<>();
        assertThat(ZSTD.decode(chunk, out::add)).isEmpty();
        return out;
    }

    @Test
    void fragmentsGiveExactlyTheBlocksOfTheWholeChunkAndTheFirstOnesWithTheFirstFragment() {
        ChunkRecord whole = chunk(UUID.randomUUID(), 20_000, 250_000, GRID, payload(GRID - GAPS[1]));
        List<ChunkRecord> fragments = fragments(whole, 64 * 1024);
        assertThat(fragments).hasSizeGreaterThanOrEqualTo(5);
        FragmentedChunks chunks = new FragmentedChunks(ZSTD, 8);
        List<PcmBlock> out = new ArrayList<>();
        List<Integer> afterEach = new ArrayList<>();
        for (ChunkRecord f : fragments) {
            assertThat(chunks.decode(f, from(fragments), out::add)).isEmpty();
            afterEach.add(out.size());
        }
        assertThat(bytes(out)).containsExactlyElementsOf(bytes(whole(whole)));
        assertThat(afterEach.get(0)).as("blocks out after the first 64 KiB").isGreaterThanOrEqualTo(1);
        assertThat(out.get(0).blockIndex()).isZero();
        assertThat(chunks.openChunks()).as("nothing kept after the last fragment").isZero();
    }

    @Test
    void aDecoderStartedAfterAnyFragmentCarriesOnWithExactlyTheBlocksNotYetSent() {
        ChunkRecord whole = chunk(UUID.randomUUID(), 0, GRID, GRID, payload(GRID - GAPS[1]));
        List<ChunkRecord> fragments = fragments(whole, 64 * 1024);
        List<ByteBuffer> expected = bytes(whole(whole));
        for (int restartAfter = 0; restartAfter < fragments.size() - 1; restartAfter++) {
            List<PcmBlock> out = new ArrayList<>();
            FragmentedChunks before = new FragmentedChunks(ZSTD, 8);
            for (int i = 0; i <= restartAfter; i++) {
                before.decode(fragments.get(i), f -> { throw new AssertionError("kept in memory"); }, out::add);
            }
            // A new process: nothing kept, the earlier fragments are read again (FragmentReplay in the service).
            FragmentedChunks after = new FragmentedChunks(ZSTD, 8);
            for (int i = restartAfter + 1; i < fragments.size(); i++) {
                after.decode(fragments.get(i), from(fragments), out::add);
            }
            assertThat(bytes(out)).as("restart after fragment %d", restartAfter).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aFragmentDeliveredAgainAfterItsTransactionAbortedSendsTheSameBlocksAgain() {
        ChunkRecord whole = chunk(UUID.randomUUID(), 0, GRID, GRID, payload(GRID - GAPS[1]));
        List<ChunkRecord> fragments = fragments(whole, 64 * 1024);
        FragmentedChunks chunks = new FragmentedChunks(ZSTD, 8);
        List<PcmBlock> committed = new ArrayList<>();
        for (ChunkRecord f : fragments) {
            List<PcmBlock> aborted = new ArrayList<>();
            chunks.decode(f, from(fragments), aborted::add);
            List<PcmBlock> again = new ArrayList<>();
            chunks.decode(f, from(fragments), again::add);
            assertThat(bytes(again)).containsExactlyElementsOf(bytes(aborted));
            committed.addAll(again);
        }
        assertThat(bytes(committed)).containsExactlyElementsOf(bytes(whole(whole)));
    }

    @Test
    void interleavedChunksOfOtherSessionsBeyondWhatIsKeptAreRebuilt() {
        List<List<ChunkRecord>> sessions = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            sessions.add(fragments(chunk(UUID.randomUUID(), 0, GRID, GRID, payload(GRID - GAPS[1])), 64 * 1024));
        }
        FragmentedChunks chunks = new FragmentedChunks(ZSTD, 1);
        List<List<PcmBlock>> out = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < sessions.get(0).size(); i++) {
            for (int s = 0; s < 3; s++) {
                chunks.decode(sessions.get(s).get(i), from(sessions.get(s)), out.get(s)::add);
            }
        }
        for (int s = 0; s < 3; s++) {
            ChunkRecord first = sessions.get(s).get(0);
            byte[] payload = sessions.get(s).stream().map(ChunkRecord::payload).reduce(new byte[0], (a, b) -> {
                byte[] c = Arrays.copyOf(a, a.length + b.length);
                System.arraycopy(b, 0, c, a.length, b.length);
                return c;
            });
            assertThat(bytes(out.get(s))).containsExactlyElementsOf(bytes(whole(first.fragment(0, 1, payload))));
        }
    }

    @Test
    void aCorruptMiddleFragmentIsTheChunksDefectOnItsLastFragmentAndTheWindowStaysCovered() {
        ChunkRecord whole = chunk(UUID.randomUUID(), 0, GRID, GRID, payload(GRID - GAPS[1]));
        List<ChunkRecord> fragments = new ArrayList<>(fragments(whole, 64 * 1024));
        ChunkRecord middle = fragments.get(3);
        byte[] garbage = new byte[middle.payload().length];
        Arrays.fill(garbage, (byte) 0x5a);
        fragments.set(3, middle.fragment(3, middle.fragmentCount(), garbage));
        FragmentedChunks chunks = new FragmentedChunks(ZSTD, 8);
        List<PcmBlock> out = new ArrayList<>();
        Optional<ChunkDefect> defect = Optional.empty();
        for (ChunkRecord f : fragments) {
            assertThat(defect).as("a defect only on the last fragment").isEmpty();
            defect = chunks.decode(f, from(fragments), out::add);
        }
        assertThat(defect).isPresent();
        assertThat(defect.get().reason()).contains("corrupt zstd frame").contains("the rest of the window is a gap");
        assertThat(out.stream().mapToLong(PcmBlock::sampleCount).sum()).isEqualTo(GRID);
        assertThat(out).extracting(PcmBlock::blockIndex).doesNotHaveDuplicates();
        assertThat(out.get(out.size() - 1).lastInChunk()).isTrue();
    }

    @Test
    void aFrameBiggerThanItsChunkIsStillDecodedSizeExceedsWindowWhenFragmented() {
        // The frame holds the whole grid's samples, but the chunk says its grid is shorter: a bomb by the cap.
        byte[] payload = payload(GRID);
        ChunkRecord whole = new ChunkRecord(UUID.randomUUID(), "demo", STREAM, 0, 1, ChunkRecord.Kind.DATA,
                ChunkRecord.Encoding.ZSTD_INT32_LE, 0L, 100.0, 0, 100_000, 100_000, null, 0L, "test", payload);
        List<ChunkRecord> fragments = fragments(whole, 64 * 1024);
        FragmentedChunks chunks = new FragmentedChunks(ZSTD, 8);
        List<PcmBlock> out = new ArrayList<>();
        Optional<ChunkDefect> defect = Optional.empty();
        for (ChunkRecord f : fragments) {
            defect = chunks.decode(f, from(fragments), out::add);
        }
        assertThat(defect).map(ChunkDefect::reason).get().asString()
                .startsWith("decoded-size-exceeds-window").contains("the window's 100000 samples played");
        assertThat(out.stream().mapToLong(PcmBlock::sampleCount).sum()).isEqualTo(100_000);
    }

    @Test
    void aFragmentWhoseEarlierOnesCannotBeFoundIsRefusedSoTheContainerRetriesIt() {
        ChunkRecord whole = chunk(UUID.randomUUID(), 0, GRID, GRID, payload(GRID - GAPS[1]));
        List<ChunkRecord> fragments = fragments(whole, 64 * 1024);
        FragmentedChunks chunks = new FragmentedChunks(ZSTD, 8);
        assertThatThrownBy(() -> chunks.decode(fragments.get(2), f -> List.of(), b -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fragment 2 of chunk 3 of session").hasMessageEndingWith(
                        "found 0 of the fragments before it");
    }
}
