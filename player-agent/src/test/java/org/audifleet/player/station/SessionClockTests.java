package org.audifleet.player.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Station maths at the stream's own rate: the clock, the seek step, the loop width and the overview's width all
 * read one {@link SessionClock} that learned the rate as a session does (nominal first, then the first block's).
 * Before the clock existed, all of them assumed 100 Hz: at 40 Hz sample 2400 read 00:00:24, a 1 s seek step moved
 * 18 min of data, the ±1 min loop spanned ±2.5 min, and a whole hour filled 32 of 79 columns.
 */
class SessionClockTests {

    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final int COLUMNS = 79;

    private static SessionClock learned(double rate) {
        SessionClock clock = new SessionClock(START, SessionClock.NOMINAL_RATE, 441);
        assertThat(clock.learnSourceRate(rate)).isEqualTo(rate != SessionClock.NOMINAL_RATE);
        return clock;
    }

    @Test
    void tenSecondsOfAudioAt441xIs4410SecondsOfData() {
        assertThat(new SessionClock(START, 100.0, 441).audioToSamples(Duration.ofSeconds(10))).isEqualTo(441_000);
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(doubles = {100, 40, 20, 1})
    void clockSeekStepAndLoopWidthAreInDataTimeAtTheLearnedRate(double rate) {
        SessionClock clock = learned(rate);
        FakeTransport transport = new FakeTransport();
        transport.available = Math.round(3600 * rate);
        transport.complete = true;
        StationControls controls = new StationControls(transport, clock, Duration.ofSeconds(1), () -> { });

        assertThat(controls.clock(Math.round(60 * rate))).isEqualTo("00:01:00");
        assertThat(controls.press(Key.SEEK_FORWARD)).isEqualTo("seek 00:07:21"); // 1 s of audio at 441x
        assertThat(transport.calls).containsExactly("seek " + Math.round(441 * rate));
        transport.position = Math.round(720 * rate); // 00:12:00
        assertThat(controls.press(Key.LOOP_HERE)).isEqualTo("loop 00:11:00–00:13:00");
        assertThat(controls.loop()).containsExactly(Math.round(660 * rate), Math.round(780 * rate));
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(doubles = {100, 40, 20, 1})
    void anHourOfDataFillsTheOverviewsWholeWidth(double rate) {
        SessionClock clock = new SessionClock(START, SessionClock.NOMINAL_RATE, 441);
        SessionOverview overview = new SessionOverview(clock, Duration.ofHours(1), COLUMNS);
        clock.learnSourceRate(rate); // the first block, before its samples reach the overview
        int half = (int) Math.round(1800 * rate);
        overview.appendSamples(new int[half], 0, half);
        assertThat(overview.snapshot().states()[COLUMNS / 2 - 1]).isEqualTo(SessionOverview.DATA);
        assertThat(overview.snapshot().states()[COLUMNS / 2 + 1]).isEqualTo(SessionOverview.NOT_ARRIVED);
        overview.appendSamples(new int[half], 0, half);
        assertThat(overview.snapshot().states()).containsOnly(SessionOverview.DATA);
        assertThat(overview.totalSamples()).isEqualTo(Math.round(3600 * rate));
    }

    @Test
    void aRateTheEngineCannotPlayIsRefusedAndTheClockKeepsItsOwn() {
        SessionClock clock = new SessionClock(START, SessionClock.NOMINAL_RATE, 441);
        assertThatThrownBy(() -> clock.learnSourceRate(10_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 1000000");
        assertThatThrownBy(() -> clock.learnSourceRate(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.sourceRate()).isEqualTo(SessionClock.NOMINAL_RATE);
        assertThat(clock.learnSourceRate(SessionClock.NOMINAL_RATE)).isFalse();
    }
}
