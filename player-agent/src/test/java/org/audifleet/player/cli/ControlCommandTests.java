package org.audifleet.player.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.audifleet.wire.PlaybackControl;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.Test;

class ControlCommandTests {

    @Test
    void playWordsBecomeAPlayWithANewSession() {
        PlaybackControl c = ControlCommand.parse("lab-1", null,
                List.of("play", "demo", "XX.DEMO..HHZ", "2024-01-01T00:00:00Z", "1h"), 5L);
        assertThat(c.command()).isEqualTo(new PlaybackControl.Play("demo", StreamId.parse("XX.DEMO..HHZ"),
                1_704_067_200_000_000L, 1_704_070_800_000_000L, 441));
        assertThat(c.sessionId()).isNotEqualTo(PlaybackControl.ANY_SESSION);
        assertThat(c.key()).isEqualTo("lab-1");
    }

    @Test
    void steeringWordsNameTheCurrentSessionUnlessOneIsGiven() {
        assertThat(ControlCommand.parse("lab-1", null, List.of("seek", "300000"), 0L))
                .isEqualTo(new PlaybackControl(PlaybackControl.ANY_SESSION, "lab-1", 0L,
                        new PlaybackControl.Seek(300_000)));
        UUID s = UUID.randomUUID();
        assertThat(ControlCommand.parse("", s, List.of("LOOP", "10", "20"), 0L).command())
                .isEqualTo(new PlaybackControl.Loop(10, 20));
        assertThat(ControlCommand.parse("lab-1", null, List.of("clear-loop"), 0L).command().kind())
                .isEqualTo(PlaybackControl.Kind.CLEAR_LOOP);
    }

    @Test
    void aWindowBeyondEpochMicrosecondsIsANamedError() {
        // Found by ControlCommandFuzzTests#parse: Instant.plus threw DateTimeException, Micros.of ArithmeticException.
        assertThatThrownBy(() -> ControlCommand.parse("lab-1", null,
                List.of("play", "demo", "XX.DEMO..HHZ", "+1000000000-12-31T00:00:00Z", "2d"), 0L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("window +1000000000-12-31T00:00:00Z + 2d does not fit in epoch microseconds"
                        + " (the control's time fields)");
        assertThatThrownBy(() -> ControlCommand.parse("lab-1", null,
                List.of("play", "demo", "XX.DEMO..HHZ", "+300000-01-01T00:00:00Z", "1h"), 0L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit in epoch microseconds");
    }

    @Test
    void badWordsAreNamedErrors() {
        assertThatThrownBy(() -> ControlCommand.parse("lab-1", null, List.of("rewind"), 0L))
                .hasMessageContaining("unknown command 'rewind'");
        assertThatThrownBy(() -> ControlCommand.parse("lab-1", null, List.of("seek"), 0L))
                .hasMessageContaining("seek takes 1 arguments");
        assertThatThrownBy(() -> ControlCommand.parse("lab-1", null, List.of("pause", "now"), 0L))
                .hasMessageContaining("takes no arguments");
        assertThatThrownBy(() -> ControlCommand.parse("", null, List.of("pause"), 0L))
                .hasMessageContaining("names a station, a session, or both");
    }

    /** The same bounds as play's options and the keys: a control the station could not take is refused here. */
    @Test
    void numbersOutsideTheStationsBoundsAreNamedErrors() {
        assertThatThrownBy(() -> ControlCommand.parse("lab-1", null, List.of("speed", "NaN"), 0L))
                .hasMessage("'NaN' is not a speed multiplier from 0.1 to 15");
        assertThatThrownBy(() -> ControlCommand.parse("lab-1", null, List.of("volume", "3"), 0L))
                .hasMessage("'3' is not a volume from 0 to 2 (1 = unity)");
        assertThatThrownBy(() -> ControlCommand.parse("lab-1", null, List.of("seek", "-1"), 0L))
                .hasMessage("'-1' is not a data sample number (0 or more)");
        assertThatThrownBy(() -> ControlCommand.parse("lab-1", null,
                List.of("play", "demo", "XX.DEMO..HHZ", "2024-01-01T00:00:00Z", "1h", "0"), 0L))
                .hasMessageStartingWith("'0' is not a speed from 1 to 10000");
        assertThatThrownBy(() -> ControlCommand.parse("lab-1", null,
                List.of("play", "demo", "XX.DEMO..HHZ", "2024-01-01T00:00:00Z", "-1h"), 0L))
                .hasMessageStartingWith("'-1h' is not a length longer than zero");
    }
}
