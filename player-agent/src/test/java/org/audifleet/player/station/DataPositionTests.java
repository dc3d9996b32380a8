package org.audifleet.player.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.audifleet.wire.PlaybackControl.Position;
import org.junit.jupiter.api.Test;

class DataPositionTests {

    private static Position absolute(long micros) {
        return new Position(false, micros);
    }

    private static Position relative(long micros) {
        return new Position(true, micros);
    }

    @Test
    void clockFormsAreDataTimeFromTheWindowStart() {
        assertThat(DataPosition.parse("00:12:30")).isEqualTo(absolute(750_000_000L));
        assertThat(DataPosition.parse("00:10")).isEqualTo(absolute(10_000_000L));
        assertThat(DataPosition.parse("10:00")).isEqualTo(absolute(600_000_000L));
        assertThat(DataPosition.parse(" 1:02:03.5 ")).isEqualTo(absolute(3_723_500_000L));
        assertThat(DataPosition.parse("25:00:00.025")).isEqualTo(absolute(90_000_025_000L));
        assertThat(DataPosition.parse("0:00")).isEqualTo(absolute(0));
    }

    @Test
    void signedFormsAreRelativeToThePlayingPosition() {
        assertThat(DataPosition.parse("+5m")).isEqualTo(relative(300_000_000L));
        assertThat(DataPosition.parse("-30s")).isEqualTo(relative(-30_000_000L));
        assertThat(DataPosition.parse("+1.5h")).isEqualTo(relative(5_400_000_000L));
        assertThat(DataPosition.parse("-0.25s")).isEqualTo(relative(-250_000L));
        assertThat(DataPosition.parse("+0s")).isEqualTo(relative(0));
    }

    @Test
    void anythingElseIsAOneLineErrorNamingTheForms() {
        for (String bad : new String[] {"300000", "", "5m", "+5", "+5d", "00:60", "00:61:00", "1:2:3:4", "+-5s",
            "12:30.1234", "+1.5555m", "00:12:30Z", "\u0661\u0662:30", "+99999999999h", "9999999:00:00"}) {
            assertThatThrownBy(() -> DataPosition.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("'" + bad + "' is not a position: ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
        assertThatThrownBy(() -> DataPosition.parse("00:61")).hasMessageContaining("minutes and seconds run 00 to 59");
    }
}
