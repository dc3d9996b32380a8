package org.audifleet.console.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.audifleet.wire.PlaybackControl;
import org.junit.jupiter.api.Test;

class ControlFormTests {

    static ControlForm form(String command) {
        return new ControlForm(command, null, null, null, null, null, null, null);
    }

    @Test
    void seekAndLoopAreDataTimeFromTheWindowsStart() {
        ControlForm seek = new ControlForm("seek", null, 754.25, null, null, null, null, null);
        PlaybackControl control = seek.toControl("lab-1", 1L);
        assertThat(control.station()).isEqualTo("lab-1");
        assertThat(control.sessionId()).isEqualTo(PlaybackControl.ANY_SESSION);
        assertThat(control.command()).isEqualTo(new PlaybackControl.SeekTime(
                new PlaybackControl.Position(false, 754_250_000L)));
        UUID session = UUID.randomUUID();
        PlaybackControl loop = new ControlForm("loop", session, null, 600.0, 840.0, null, null, null)
                .toControl("lab-1", 1L);
        assertThat(loop.sessionId()).isEqualTo(session);
        assertThat(loop.command()).isEqualTo(new PlaybackControl.LoopTime(new PlaybackControl.Position(false,
                600_000_000L), new PlaybackControl.Position(false, 840_000_000L)));
        // It reaches the station as the wire form player-agent control sends.
        assertThat(PlaybackControl.decode(loop.encode())).isEqualTo(loop);
    }

    @Test
    void everyOtherCommand() {
        assertThat(new ControlForm("speed", null, null, null, null, 2.0, null, null).toCommand())
                .isEqualTo(new PlaybackControl.Speed(2.0));
        assertThat(new ControlForm("volume", null, null, null, null, 0.5, null, null).toCommand())
                .isEqualTo(new PlaybackControl.Volume(0.5));
        assertThat(new ControlForm("high-pass", null, null, null, null, 0.045, null, null).toCommand())
                .isEqualTo(new PlaybackControl.HighPass(0.045));
        assertThat(new ControlForm("dc", null, null, null, null, null, "linear", null).toCommand())
                .isEqualTo(new PlaybackControl.Dc(PlaybackControl.DcMode.LINEAR));
        assertThat(new ControlForm("normalize", null, null, null, null, null, null, false).toCommand())
                .isEqualTo(new PlaybackControl.Normalize(false));
        assertThat(form("pause").toCommand()).isEqualTo(new PlaybackControl.Pause());
        assertThat(form("RESUME").toCommand()).isEqualTo(new PlaybackControl.Resume());
        assertThat(form("clear-loop").toCommand()).isEqualTo(new PlaybackControl.ClearLoop());
        assertThat(form("stop").toCommand()).isEqualTo(new PlaybackControl.Stop());
    }

    @Test
    void badFormsSayWhy() {
        assertThatThrownBy(() -> form("seek").toCommand()).hasMessage("seek needs a number 'at'");
        assertThatThrownBy(() -> new ControlForm("seek", null, -1.0, null, null, null, null, null).toCommand())
                .hasMessage("seek: -1.0 s is not a time in the session");
        assertThatThrownBy(() -> new ControlForm("loop", null, null, 10.0, 5.0, null, null, null).toCommand())
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> new ControlForm("dc", null, null, null, null, null, "median", null).toCommand())
                .hasMessage("dc mode 'median' is not off, mean or linear");
        assertThatThrownBy(() -> form("rewind").toCommand()).hasMessageStartingWith("unknown command 'rewind'");
        assertThatThrownBy(() -> form(null).toCommand()).hasMessage("a control needs a command");
        assertThatThrownBy(() -> new ControlForm("speed", null, null, null, null, 0.0, null, null).toCommand())
                .hasMessage("speed must be positive, got 0.0");
    }

    @Test
    void playNamesTheWindowInIsoTime() {
        UUID session = UUID.randomUUID();
        PlaybackControl play = new PlayForm("demo", "XX.DEMO..HHZ", "2024-01-01T00:00:00Z", "2024-01-01T01:00:00Z",
                null).toControl("lab-1", session, 441, 1L);
        assertThat(play.command()).isEqualTo(new PlaybackControl.Play("demo",
                org.audifleet.wire.StreamId.parse("XX.DEMO..HHZ"), 1_704_067_200_000_000L, 1_704_070_800_000_000L,
                441));
        assertThatThrownBy(() -> new PlayForm("demo", "XX.DEMO..HHZ", "noon", "2024-01-01T01:00:00Z", null)
                .toControl("lab-1", session, 441, 1L)).hasMessage("start 'noon' is not an ISO-8601 UTC instant");
    }
}
