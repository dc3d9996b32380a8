package org.audifleet.console.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.audifleet.wire.StationAnnouncement;
import org.junit.jupiter.api.Test;

class StationDirectoryTests {

    @Test
    void keepsEachStationsNewestMarksTheSilentAndForgetsOnATombstone() {
        StationDirectory directory = new StationDirectory(Duration.ofSeconds(10));
        directory.accept("b", new StationAnnouncement("b", "", 5_000_000L, null));
        directory.accept("a", new StationAnnouncement("a", "hall", 20_000_000L, null));
        directory.accept("a", new StationAnnouncement("a", "", 19_000_000L, null)); // older: ignored
        assertThat(directory.stations(21_000_000L)).extracting(StationDirectory.Station::name,
                StationDirectory.Station::group, StationDirectory.Station::silent)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "hall", false),
                        org.assertj.core.groups.Tuple.tuple("b", "", true));
        directory.accept("b", null);
        assertThat(directory.stations(21_000_000L)).extracting(StationDirectory.Station::name).containsExactly("a");
        assertThat(directory.known("b")).isFalse();
    }
}
