package org.audifleet.fetcher.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.UUID;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.Test;

class ChunkFragmentsTests {

    private static ChunkRecord chunk(ChunkRecord.Kind kind, ChunkRecord.Encoding encoding, int payloadBytes) {
        byte[] payload = new byte[payloadBytes];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        return new ChunkRecord(UUID.randomUUID(), "demo", StreamId.parse("XX.DEMO..HHZ"), 1, 4, kind, encoding, 0L,
                100.0, 0, 2_160_000, 2_160_000, new int[] {5, 5}, 9L, "src", payload);
    }

    @Test
    void aSixHourChunkGoesInDoublingFragmentsThatMakeUpItsPayload() {
        ChunkRecord whole = chunk(ChunkRecord.Kind.DATA, ChunkRecord.Encoding.ZSTD_INT32_LE, 5_400_000);
        List<ChunkRecord> fragments = new ChunkFragments(262_144).of(whole);
        assertThat(fragments).extracting(f -> f.payload().length)
                .containsExactly(262_144, 524_288, 1_048_576, 2_097_152, 1_467_840);
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < fragments.size(); i++) {
            ChunkRecord f = fragments.get(i);
            assertThat(f.fragmentIndex()).isEqualTo(i);
            assertThat(f.fragmentCount()).isEqualTo(5);
            assertThat(f.gaps()).containsExactly(5, 5);
            assertThat(f.chunkIndex()).isEqualTo(1);
            assertThat(f.gridSamples()).isEqualTo(2_160_000);
            joined.writeBytes(f.payload());
        }
        assertThat(joined.toByteArray()).isEqualTo(whole.payload());
    }

    @Test
    void smallChunksGapChunksAndMiniSeedTravelWhole() {
        ChunkFragments fragments = new ChunkFragments(262_144);
        for (ChunkRecord whole : List.of(chunk(ChunkRecord.Kind.DATA, ChunkRecord.Encoding.ZSTD_INT32_LE, 262_144),
                chunk(ChunkRecord.Kind.GAP, ChunkRecord.Encoding.ZSTD_INT32_LE, 0),
                chunk(ChunkRecord.Kind.DATA, ChunkRecord.Encoding.MINISEED, 1_000_000))) {
            assertThat(fragments.of(whole)).containsExactly(whole);
        }
    }
}
