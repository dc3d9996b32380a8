package org.audifleet.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.Test;

class ChunkStoreLayoutTests {

    private static final StreamId DEMO = StreamId.parse("XX.DEMO..HHZ");

    @Test
    void blankLocationIsDashesInTheFolderAndEmptyInTheFileName() {
        assertThat(ChunkStoreLayout.manifestPath(DEMO, LocalDate.of(2024, 1, 1)))
                .isEqualTo("2024/01/01/XX/DEMO/--/HHZ/manifest.json");
        assertThat(ChunkStoreLayout.chunkPath(DEMO, Instant.parse("2024-01-01T00:10:00Z"), ChunkSize.TEN_MINUTES))
                .isEqualTo("2024/01/01/XX/DEMO/--/HHZ/XX.DEMO..HHZ.20240101T001000Z.10m.i32.zst");
    }

    @Test
    void locationCodeIsKeptWhenPresent() {
        StreamId stream = StreamId.parse("IU.ANMO.00.BHZ");
        assertThat(ChunkStoreLayout.chunkPath(stream, Instant.parse("2023-12-31T18:00:00Z"), ChunkSize.SIX_HOURS))
                .isEqualTo("2023/12/31/IU/ANMO/00/BHZ/IU.ANMO.00.BHZ.20231231T180000Z.6h.i32.zst");
        assertThat(ChunkStoreLayout.chunkPath(stream, Instant.parse("2023-12-31T23:00:00Z"), ChunkSize.ONE_HOUR))
                .isEqualTo("2023/12/31/IU/ANMO/00/BHZ/IU.ANMO.00.BHZ.20231231T230000Z.1h.i32.zst");
    }

    @Test
    void chunkStartsMustBeAlignedToTheirSize() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> ChunkStoreLayout.chunkPath(DEMO, Instant.parse("2024-01-01T03:00:00Z"), ChunkSize.SIX_HOURS))
                .withMessageContaining("6h");
        assertThatIllegalArgumentException().isThrownBy(
                () -> ChunkStoreLayout.chunkPath(DEMO, Instant.parse("2024-01-01T00:10:00.5Z"), ChunkSize.TEN_MINUTES));
    }

    @Test
    void sizesParseByLabelOrNameAndFloorTimes() {
        assertThat(ChunkSize.parse("10m")).isEqualTo(ChunkSize.TEN_MINUTES);
        assertThat(ChunkSize.parse("1H")).isEqualTo(ChunkSize.ONE_HOUR);
        assertThat(ChunkSize.parse("six_hours")).isEqualTo(ChunkSize.SIX_HOURS);
        assertThatIllegalArgumentException().isThrownBy(() -> ChunkSize.parse("2h")).withMessageContaining("10m, 1h or 6h");
        assertThat(ChunkSize.SIX_HOURS.duration()).isEqualTo(Duration.ofHours(6));
        assertThat(ChunkSize.ONE_HOUR.label()).isEqualTo("1h");
        assertThat(ChunkSize.SIX_HOURS.floor(Instant.parse("2024-01-01T17:59:59.999Z")))
                .isEqualTo(Instant.parse("2024-01-01T12:00:00Z"));
        assertThat(ChunkSize.TEN_MINUTES.floor(Instant.parse("1969-12-31T23:55:00Z")))
                .isEqualTo(Instant.parse("1969-12-31T23:50:00Z"));
    }
}
