package org.audifleet.player.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.audifleet.player.engine.EngineSettings;
import org.audifleet.wire.PlaybackControl;
import picocli.CommandLine;

/**
 * The control parser of {@code player-agent control} ({@link ControlCommand#parse}) against arbitrary words. The
 * contract: a control, or an {@link IllegalArgumentException} / picocli {@link CommandLine.PicocliException} with a
 * message (what {@code call()} turns into a one-line usage error, exit 2); nothing else. A control it makes is
 * within the station's bounds and travels: its {@code playback.controls} payload reads back to the same control.
 *
 * <p>Input: UTF-8 text, one word per line; the first line is {@code --station} (empty: a fixed {@code --session}
 * instead, as a control must name one or the other). Seeds in {@code ControlCommandFuzzTestsInputs/parse/} are the
 * README's examples. Fuzzing one method: CONTRIBUTING.md, "Fuzzing".
 */
class ControlCommandFuzzTests {

    private static final UUID SESSION = UUID.fromString("00000000-0000-0000-0000-0000000c0de5");

    @FuzzTest(maxDuration = "20s")
    void parse(byte[] input) {
        List<String> lines = Arrays.asList(new String(input, StandardCharsets.UTF_8).split("\n", -1));
        if (lines.size() < 2) {
            return; // picocli asks for at least one COMMAND word
        }
        String station = lines.get(0);
        UUID session = station.isEmpty() ? SESSION : null;
        PlaybackControl control;
        try {
            control = ControlCommand.parse(station, session, lines.subList(1, lines.size()), 7L);
        } catch (IllegalArgumentException | CommandLine.PicocliException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        // Numeric bounds (<=, >=), as OptionBounds checks them: "-0" is a volume of 0 (saved input volume-minus-zero).
        PlaybackControl.Command c = control.command();
        if (c instanceof PlaybackControl.Play play) {
            assertWithin(play.speed(), OptionBounds.MIN_BASE_SPEED, OptionBounds.MAX_BASE_SPEED);
        } else if (c instanceof PlaybackControl.Speed speed) {
            assertWithin(speed.multiplier(), EngineSettings.MIN_SPEED, EngineSettings.MAX_SPEED);
        } else if (c instanceof PlaybackControl.Volume volume) {
            assertWithin(volume.volume(), EngineSettings.MIN_VOLUME, EngineSettings.MAX_VOLUME);
        }
        assertThat(PlaybackControl.decode(control.encode())).isEqualTo(control);
    }

    private static void assertWithin(double value, double min, double max) {
        assertThat(value >= min && value <= max).as(value + " within [" + min + ", " + max + "]").isTrue();
    }
}
