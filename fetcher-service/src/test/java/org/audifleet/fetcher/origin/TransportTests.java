package org.audifleet.fetcher.origin;

import static org.assertj.core.api.Assertions.assertThat;

import org.audifleet.wire.ChunkRecord;
import org.junit.jupiter.api.Test;

class TransportTests {

    private static PlannedFetch chunk(int skip, int window, int grid) {
        return new PlannedFetch(0, 1, ChunkRecord.Encoding.ZSTD_INT32_LE, 0L, 100.0, skip, window, grid, new int[0],
                "p", "s");
    }

    @Test
    void aChunksBodyCapCountsItsWholeGridNotTheWindowsPartOfIt() {
        // A 10 min window at the start of a 6 h chunk: the origin sends the whole 6 h file (5.4 MB for the demo).
        assertThat(Transport.maxChunkBytes(chunk(0, 60_000, 2_160_000))).isEqualTo(16L * 2_160_000 + 64 * 1024);
        assertThat(Transport.maxChunkBytes(chunk(0, 60_000, 60_000))).isEqualTo(16L * 60_000 + 64 * 1024);
    }
}
