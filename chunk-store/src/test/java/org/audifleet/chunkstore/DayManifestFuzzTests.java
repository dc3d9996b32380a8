package org.audifleet.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.audifleet.wire.Micros;

/**
 * The {@code manifest.json} parser against arbitrary bytes. The contract ({@link DayManifest#parse}): a manifest
 * or an {@link InvalidManifestException}, nothing else. A manifest it accepts is one every reader can use: it
 * writes back to JSON that parses to the same manifest, its times are epoch microseconds (as every payload carries
 * them), and each chunk's gaps map onto the chunk's sample grid as {@link ChunkFile#open} maps them, within the grid.
 *
 * <p>Seeds in {@code DayManifestFuzzTestsInputs/parse/} are manifests the demo store writer produces. Fuzzing one
 * method: CONTRIBUTING.md, "Fuzzing".
 */
class DayManifestFuzzTests {

    @FuzzTest(maxDuration = "20s")
    void parse(byte[] json) {
        DayManifest manifest;
        try {
            manifest = DayManifest.parse(json);
        } catch (InvalidManifestException refused) {
            assertThat(refused.getMessage()).startsWith("manifest ");
            return;
        }
        assertThat(DayManifest.parse(manifest.toJson())).isEqualTo(manifest);
        for (ChunkSize size : ChunkSize.values()) {
            for (DayManifest.Chunk chunk : manifest.chunks(size)) {
                long start = Micros.of(chunk.start());
                assertThat(Micros.of(chunk.end())).isGreaterThan(start);
                int[] runs;
                try {
                    SampleGrid grid = SampleGrid.of(start, size, manifest.sampleRate());
                    runs = grid.runs(chunk.gaps());
                    long missing = 0;
                    for (int i = 0; i < runs.length; i += 2) {
                        assertThat(runs[i]).isNotNegative();
                        assertThat(runs[i + 1]).isPositive();
                        missing += runs[i + 1];
                    }
                    assertThat(missing).isLessThanOrEqualTo(grid.samples());
                } catch (InvalidManifestException rateOffGrid) {
                    // ChunkFile.open reports this one and treats the gaps as unknown.
                    assertThat(rateOffGrid.getMessage()).contains("whole number of samples");
                }
            }
        }
    }
}
