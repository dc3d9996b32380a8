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
        assertThat(ControlCommand.parse("lab-1", null, List.of("seek", "00:12:30"), 0L))
                .isEqualTo(new PlaybackControl(PlaybackControl.ANY_SESSION, "lab-1", 0L,
                        new PlaybackControl.SeekTime(new PlaybackControl.Position(false, 750_000_000L))));
        UUID s = UUID.randomUUID();
        assertThat(ControlCommand.parse("", s, List.of("LOOP", "00:10", "00:14"), 0L).command())
                .isEqualTo(new PlaybackControl.LoopTime(new PlaybackControl.Position(false, 10_000_000L),
                        new PlaybackControl.Position(false, 14_000_000L)));
        assertThat(ControlCommand.parse("lab-1", null, List.of("seek", "+5m"), 0L).command())
                .isEqualTo(new PlaybackControl.SeekTime(new PlaybackControl.Position(true, 300_000_000L)));
        assertThat(ControlCommand.parse("lab-1", null, List.of("clear-loop"), 0L).command().kind())
                .isEqualTo(PlaybackControl.Kind.CLEAR_LOOP);
    }

    @Test
    void filterWordsBecomeTheirControls() {
        assertThat(ControlCommand.parse("lab-1", null, List.of("high-pass", "0.045"), 0L).command())
                .isEqualTo(new PlaybackControl.HighPass(0.045));
        assertThat(ControlCommand.parse("lab-1", null, List.of("high-pass", "off"), 0L).command())
                .isEqualTo(new PlaybackControl.HighPass(0));
        assertThat(ControlCommand.parse("lab-1", null, List.of("dc", "line"), 0L).command())
                .isEqualTo(new PlaybackControl.Dc(PlaybackControl.DcMode.LINEAR));
        assertThat(ControlCommand.parse("lab-1", null, List.of("normalize", "off"), 0L).command())
                .isEqualTo(new PlaybackControl.Normalize(false));
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
        assertThatThrownBy(() -> ControlCommand.parse("lab-1", null, List.of("seek", "300000"), 0L))
                .hasMessageStartingWith("'300000' is not a position: a position is hh:mm:ss[.fff]");
        assertThatThrownBy(() -> ControlCommand.parse("lab-1", null, List.of("loop", "00:14", "00:10"), 0L))
                .hasMessage("loop 00:14 00:10 is empty: TO must be after FROM");
        assertThatThrownBy(() -> ControlCommand.parse("lab-1", null, List.of("high-pass", "-0.02"), 0L))
                .hasMessageStartingWith("'-0.02' is not a high-pass corner");
        assertThatThrownBy(() -> ControlCommand.parse("lab-1", null, List.of("dc", "median"), 0L))
                .hasMessage("'median' is not a DC removal: off, mean or line");
        assertThatThrownBy(() -> ControlCommand.parse("lab-1", null,
                List.of("play", "demo", "XX.DEMO..HHZ", "2024-01-01T00:00:00Z", "1h", "0"), 0L))
                .hasMessageStartingWith("'0' is not a speed from 1 to 10000");
        assertThatThrownBy(() -> ControlCommand.parse("lab-1", null,
                List.of("play", "demo", "XX.DEMO..HHZ", "2024-01-01T00:00:00Z", "-1h"), 0L))
                .hasMessageStartingWith("'-1h' is not a length longer than zero");
    }

    @Test
    void groupWordsBecomeGroupControlsAtTheirInstantAndAPlayTakesTheMemberStreams() {
        UUID group = UUID.randomUUID();
        List<PlaybackControl.MemberStream> members = List.of(new PlaybackControl.MemberStream("hall-1",
                StreamId.parse("XX.STA1..HHZ")));
        PlaybackControl play = GroupControlSender.control("hall", group, ControlCommand.command(
                List.of("play", "demo", "XX.DEMO..HHZ", "2024-01-01T00:00:00Z", "1h", "882")), 5L, 77L, members);
        assertThat(play).isEqualTo(PlaybackControl.forGroup("hall", group, 5L, 77L, new PlaybackControl.Play("demo",
                StreamId.parse("XX.DEMO..HHZ"), 1_704_067_200_000_000L, 1_704_070_800_000_000L, 882, members)));
        assertThat(play.key()).isEqualTo("group:hall");
        for (List<String> words : List.of(List.of("pause"), List.of("resume"), List.of("seek", "00:12:30"),
                List.of("speed", "2"), List.of("volume", "0.5"), List.of("loop", "10:00", "14:00"),
                List.of("clear-loop"), List.of("stop"))) {
            PlaybackControl c = GroupControlSender.control("hall", PlaybackControl.ANY_SESSION,
                    ControlCommand.command(words), 5L, 77L, List.of());
            assertThat(c.group()).isEqualTo("hall");
            assertThat(c.atNanos()).isEqualTo(77L);
            assertThat(c.command()).isEqualTo(ControlCommand.command(words));
        }
    }

    @Test
    void whatAGroupCannotMeanIsRefusedWithItsReason() {
        assertThatThrownBy(() -> GroupControlSender.control("hall", PlaybackControl.ANY_SESSION,
                ControlCommand.command(List.of("seek", "+5m")), 0L, 1L, List.of()))
                .hasMessage("a group control's position is from the window's start, not relative");
        for (String word : List.of("high-pass 0.02", "dc mean", "normalize on")) {
            assertThatThrownBy(() -> GroupControlSender.control("hall", PlaybackControl.ANY_SESSION,
                    ControlCommand.command(List.of(word.split(" "))), 0L, 1L, List.of()))
                    .hasMessageEndingWith("is a station's own sound setting, not a group control");
        }
    }

    @Test
    void theLeadIsLongerForPlayUnlessGiven() {
        assertThat(GroupLead.of(new PlaybackControl.Pause(), null)).isEqualTo(java.time.Duration.ofMillis(250));
        assertThat(GroupLead.of(ControlCommand.command(List.of("play", "demo", "XX.DEMO..HHZ",
                "2024-01-01T00:00:00Z", "1h")), null)).isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(GroupLead.of(new PlaybackControl.Pause(), java.time.Duration.ofSeconds(1)))
                .isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(new DurationConverter().convert(GroupLead.PLAY)).isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(new DurationConverter().convert(GroupLead.CONTROL)).isEqualTo(java.time.Duration.ofMillis(250));
    }
}
