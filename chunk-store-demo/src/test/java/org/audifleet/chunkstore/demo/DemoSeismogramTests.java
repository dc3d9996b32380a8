package org.audifleet.chunkstore.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class DemoSeismogramTests {

    private static final Instant ORIGIN = Instant.parse("2024-01-01T00:00:00Z");
    private static final int PER_MINUTE = 6000;

    @Test
    void sameSeedSameSamplesInAnyPieces() {
        int[] whole = new int[30_000];
        new DemoSeismogram(7, ORIGIN).fill(whole, 0, whole.length);
        int[] pieces = new int[30_000];
        DemoSeismogram again = new DemoSeismogram(7, ORIGIN);
        again.fill(pieces, 0, 12_345);
        again.fill(pieces, 12_345, 30_000 - 12_345);
        assertThat(pieces).isEqualTo(whole);
        assertThat(again.position()).isEqualTo(30_000);
        int[] other = new int[30_000];
        new DemoSeismogram(8, ORIGIN).fill(other, 0, other.length);
        assertThat(other).isNotEqualTo(whole);
    }

    @Test
    void quietBackgroundLoudQuakeAndAHummingTremorWithinFloatRange() {
        int[] first90Minutes = new int[90 * PER_MINUTE];
        new DemoSeismogram(DemoStoreWriter.DEFAULT_SEED, ORIGIN).fill(first90Minutes, 0, first90Minutes.length);

        double background = rms(first90Minutes, 1, 10);
        assertThat(background).isBetween(5_000.0, 30_000.0);
        int quakePeak = peak(first90Minutes, 12, 13);
        assertThat(quakePeak).isGreaterThan((int) (20 * background)).isLessThan(DemoSeismogram.PEAK_LIMIT);
        // The coda is still above the background a minute and a half after the S arrival, gone after ten.
        assertThat(rms(first90Minutes, 13, 14)).isGreaterThan(2 * background);
        assertThat(rms(first90Minutes, 25, 35)).isLessThan(1.5 * background);
        // Tremor from 00:50 (fading in over four minutes) for 35 minutes.
        assertThat(rms(first90Minutes, 60, 70)).isGreaterThan(2 * background);
        for (int sample : first90Minutes) {
            assertThat(Math.abs(sample)).isLessThanOrEqualTo(DemoSeismogram.PEAK_LIMIT);
            assertThat((int) (float) sample).isEqualTo(sample);
        }
    }

    @Test
    void eventsAreListedInTimeOrder() {
        DemoSeismogram seismogram = new DemoSeismogram(DemoStoreWriter.DEFAULT_SEED, ORIGIN);
        assertThat(seismogram.events(Duration.ofHours(1))).extracting(DemoSeismogram.Event::kind, DemoSeismogram.Event::start)
                .containsExactly(tuple("earthquake", Instant.parse("2024-01-01T00:12:00Z")),
                        tuple("tremor", Instant.parse("2024-01-01T00:50:00Z")));
        assertThat(seismogram.events(Duration.ofDays(1))).hasSizeGreaterThan(8)
                .isSortedAccordingTo((a, b) -> a.start().compareTo(b.start()));
    }

    private static double rms(int[] samples, int fromMinute, int toMinute) {
        double sum = 0;
        for (int i = fromMinute * PER_MINUTE; i < toMinute * PER_MINUTE; i++) {
            sum += (double) samples[i] * samples[i];
        }
        return Math.sqrt(sum / ((toMinute - fromMinute) * PER_MINUTE));
    }

    private static int peak(int[] samples, int fromMinute, int toMinute) {
        int peak = 0;
        for (int i = fromMinute * PER_MINUTE; i < toMinute * PER_MINUTE; i++) {
            peak = Math.max(peak, Math.abs(samples[i]));
        }
        return peak;
    }
}
