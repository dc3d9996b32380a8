package org.audifleet.fetcher.origin.fdsn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.audifleet.wire.Micros;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.Test;

class FdsnQueryTests {

    static final long T0 = Micros.of(Instant.parse("2024-01-01T00:00:00Z"));

    @Test
    void buildsTheDataselectQueryWithABlankLocationAsDashes() {
        FdsnQuery q = new FdsnQuery(StreamId.parse("IU.ANMO..BHZ"), T0, T0 + 600_000_000L);
        assertThat(q.path()).isEqualTo("fdsnws/dataselect/1/query?net=IU&sta=ANMO&loc=--&cha=BHZ"
                + "&start=2024-01-01T00:00:00.000000&end=2024-01-01T00:10:00.000000&format=miniseed&nodata=404");
    }

    @Test
    void keepsMicrosecondsAndALocationCode() {
        FdsnQuery q = new FdsnQuery(StreamId.parse("GE.WLF.00.HHZ"), T0 + 1_234_567L, T0 + 3_600_000_001L);
        assertThat(q.path()).contains("loc=00&").contains("start=2024-01-01T00:00:01.234567")
                .contains("end=2024-01-01T01:00:00.000001");
    }

    @Test
    void parsesWhatItBuilt() {
        for (String s : List.of("IU.ANMO..BHZ", "GE.WLF.00.HHZ")) {
            FdsnQuery q = new FdsnQuery(StreamId.parse(s), T0 + 17, T0 + 86_400_000_000L);
            assertThat(FdsnQuery.parse(q.path())).isEqualTo(q);
        }
        assertThatThrownBy(() -> FdsnQuery.parse("a/b.i32.zst")).hasMessageContaining("not a dataselect query");
    }

    @Test
    void splitsInHalves() {
        FdsnQuery[] h = new FdsnQuery(StreamId.parse("IU.ANMO..BHZ"), T0, T0 + 3_600_000_000L).halves();
        assertThat(h[0].endMicros()).isEqualTo(h[1].startMicros()).isEqualTo(T0 + 1_800_000_000L);
        assertThat(h[0].startMicros()).isEqualTo(T0);
    }
}
