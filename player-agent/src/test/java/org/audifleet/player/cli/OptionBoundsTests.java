package org.audifleet.player.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.audifleet.player.engine.EngineSettings;
import org.audifleet.player.station.SessionClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The bounds the options are checked against are the engine's: what the CLI accepts, the engine plays. */
class OptionBoundsTests {

    @Test
    void theFastestBaseSpeedIsTheFastestTheEnginePlaysTheNominalRateAtAndOneMoreIsNot() {
        EngineSettings nominal = EngineSettings.defaults(SessionClock.NOMINAL_RATE);
        EngineSettings fastest = nominal.withBaseSpeed(OptionBounds.MAX_BASE_SPEED);
        assertThat(fastest.baseSpeed()).isEqualTo(10_000);
        // With the 15x multiplier on top: 340 source samples per output frame (DecimatedPlaybackTests plays them).
        assertThat(fastest.baseStep() * EngineSettings.MAX_SPEED).isCloseTo(340.1, within(0.05));
        assertThatThrownBy(() -> nominal.withBaseSpeed(OptionBounds.MAX_BASE_SPEED + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1000000");
        assertThat(OptionBounds.baseSpeed("10000")).isEqualTo(10_000);
        assertThat(OptionBounds.baseSpeed("1")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "NaN", "Infinity", "1e12", "10001", "10000.5", "0.0001", "0.5", "fast", ""})
    void aBaseSpeedOutsideOneTo10000IsNamedWithTheRange(String text) {
        assertThatThrownBy(() -> OptionBounds.baseSpeed(text)).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessage("'" + text + "' is not a speed from 1 to 10000 (x real time; 441 plays 100 Hz data at"
                        + " 44.1 kHz)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "-0.1", "NaN", "-Infinity", "2.01", "loud"})
    void aVolumeOutsideTheEnginesRangeIsRefused(String text) {
        assertThatThrownBy(() -> OptionBounds.volume(text))
                .hasMessage("'" + text + "' is not a volume from 0 to 2 (1 = unity)");
        assertThat(OptionBounds.volume("0")).isEqualTo(EngineSettings.MIN_VOLUME);
        assertThat(OptionBounds.volume("2")).isEqualTo(EngineSettings.MAX_VOLUME);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.05", "16", "0", "NaN"})
    void aSpeedMultiplierOutsideTheKeysRangeIsRefused(String text) {
        assertThatThrownBy(() -> OptionBounds.speedMultiplier(text))
                .hasMessage("'" + text + "' is not a speed multiplier from 0.1 to 15");
        assertThat(OptionBounds.speedMultiplier("0.1")).isEqualTo(EngineSettings.MIN_SPEED);
        assertThat(OptionBounds.speedMultiplier("15")).isEqualTo(EngineSettings.MAX_SPEED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "-5s", "PT-1H", "soon"})
    void aLengthMustBeLongerThanZero(String text) {
        assertThatThrownBy(() -> OptionBounds.positive(text)).isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
