package org.audifleet.fetcher.origin.fdsn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FdsnChunkPlanTests {

    static final long T0 = FdsnQueryTests.T0;
    static final long MIN = 60_000_000L;

    @Test
    void autoIsTenMinutesThenHours() {
        List<FdsnChunkPlan.Window> w = FdsnChunkPlan.parse("auto").windows(T0, T0 + 150 * MIN, 100.0);
        assertThat(w).extracting(FdsnChunkPlan.Window::startMicros)
                .containsExactly(T0, T0 + 10 * MIN, T0 + 70 * MIN, T0 + 130 * MIN);
        assertThat(w).extracting(FdsnChunkPlan.Window::sampleCount).containsExactly(60_000, 360_000, 360_000, 120_000);
        assertThat(w.get(3).endMicros()).isEqualTo(T0 + 150 * MIN);
    }

    @Test
    void chunksTileTheSessionGridAtAnOddRateAndOffset() {
        // 1080 Hz from a start 0.3 ms after a second, window end between two grid samples: rounds up.
        long start = T0 + 300;
        long end = start + 7 * MIN + 123;
        List<FdsnChunkPlan.Window> w = FdsnChunkPlan.parse("1m").windows(start, end, 1080.0);
        long next = 0;
        for (FdsnChunkPlan.Window c : w) {
            assertThat(c.firstSample()).isEqualTo(next);
            assertThat(c.startMicros()).isEqualTo(start + Math.round(next * 1e6 / 1080.0));
            next += c.sampleCount();
        }
        assertThat(next).isEqualTo((long) Math.ceil((end - start) * 1080.0 / 1e6));
        assertThat(w).hasSize(8);
    }

    @Test
    void fixedSizesAndTheirLimits() {
        assertThat(FdsnChunkPlan.parse("6h").windows(T0, T0 + 24 * 60 * MIN, 1.0)).hasSize(4);
        assertThat(FdsnChunkPlan.parse("90s").windows(T0, T0 + 3 * MIN, 1.0)).hasSize(2);
        assertThatThrownBy(() -> FdsnChunkPlan.parse("12h")).hasMessageContaining("outside 1m..6h");
        assertThatThrownBy(() -> FdsnChunkPlan.parse("weekly")).hasMessageContaining("unknown chunk policy");
    }

    @Test
    void nominalRatesFromTheBandCode() {
        assertThat(NominalRate.of("HHZ")).hasValue(100);
        assertThat(NominalRate.of("BHZ")).hasValue(40);
        assertThat(NominalRate.of("LHZ")).hasValue(1);
        assertThat(NominalRate.of("XHZ")).isEmpty();
    }
}
