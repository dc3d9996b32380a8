package org.audifleet.console.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamCatalogTests {

    @TempDir
    Path store;

    @Test
    void readsEachStreamsDayManifestAndListsWhatItCannotRead() throws Exception {
        new DemoStoreWriter().length(Duration.ofHours(1)).write(store);
        LocalDate day = LocalDate.parse("2024-01-01");
        StreamCatalog catalog = new StreamCatalog(new CatalogProperties(Map.of("demo", new CatalogProperties.Origin(
                store.toUri(), List.of("XX.DEMO..HHZ", "XX.NONE..HHZ"), List.of(day))), Duration.ofSeconds(5)));
        List<StreamCatalog.Day> days = catalog.list();
        assertThat(days).hasSize(2);
        StreamCatalog.Day demo = days.get(0);
        assertThat(demo.problem()).isNull();
        assertThat(demo.sampleRate()).isEqualTo(100.0);
        assertThat(demo.dataFrom()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(demo.dataTo()).isEqualTo(Instant.parse("2024-01-01T01:00:00Z"));
        assertThat(demo.gapSeconds()).isEqualTo(180); // the demo's 3-minute gap from 00:42
        assertThat(demo.samples()).isEqualTo(360_000 - 18_000);
        assertThat(days.get(1).problem()).contains("manifest.json");
    }
}
