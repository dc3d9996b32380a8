package org.audifleet.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.audifleet.wire.Micros;
import org.junit.jupiter.api.Test;

class SampleGridTests {

    private static final Instant T0 = Instant.parse("2024-01-01T00:40:00Z");

    private static DayManifest.Gap gap(String start, String end) {
        return new DayManifest.Gap(Instant.parse(start), Instant.parse(end));
    }

    @Test
    void timesBetweenGridSamplesRoundUpToTheNext() {
        SampleGrid grid = SampleGrid.of(Micros.of(T0), ChunkSize.TEN_MINUTES, 100.0);
        assertThat(grid.samples()).isEqualTo(60_000);
        assertThat(grid.indexAtOrAfter(Micros.of(T0))).isZero();
        assertThat(grid.indexAtOrAfter(Micros.of(T0) + 5_000)).isEqualTo(1);
        assertThat(grid.indexAtOrAfter(Micros.of(T0) + 10_000)).isEqualTo(1);
        assertThat(grid.indexAtOrAfter(Micros.of(T0) - 10_000)).isEqualTo(-1);
        // 1/3 Hz has no whole-µs period; sample 1 is still at 3 s.
        SampleGrid slow = SampleGrid.of(Micros.of(T0), ChunkSize.TEN_MINUTES, 1 / 3.0);
        assertThat(slow.indexAtOrAfter(Micros.of(T0) + 3_000_000)).isEqualTo(1);
    }

    @Test
    void gapsBecomeSortedMergedClippedRuns() {
        SampleGrid grid = SampleGrid.of(Micros.of(T0), ChunkSize.TEN_MINUTES, 100.0);
        assertThat(grid.runs(List.of(gap("2024-01-01T00:47:00.005Z", "2024-01-01T00:47:01Z"),
                gap("2024-01-01T00:42:00Z", "2024-01-01T00:45:00Z"), gap("2024-01-01T00:44:00Z", "2024-01-01T00:45:30Z"),
                gap("2024-01-01T00:49:59Z", "2024-01-01T00:55:00Z"))))
                .containsExactly(12_000, 21_000, 42_001, 99, 59_900, 100);
        assertThat(grid.runs(List.of())).isEmpty();
    }

    @Test
    void aRateWithoutWholeSamplesPerChunkIsAnInvalidManifest() {
        assertThatThrownBy(() -> SampleGrid.of(0, ChunkSize.TEN_MINUTES, 1 / 7.0)).isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("whole number of samples per 10m chunk");
    }
}
