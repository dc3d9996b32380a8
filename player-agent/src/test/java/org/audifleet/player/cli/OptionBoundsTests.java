package org.audifleet.player.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(nominal.withBaseSpeed(OptionBounds.MAX_BASE_SPEED).baseSpeed()).isEqualTo(1881);
        assertThatThrownBy(() -> nominal.withBaseSpeed(OptionBounds.MAX_BASE_SPEED + 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 64");
        assertThat(OptionBounds.baseSpeed("1881")).isEqualTo(1881);
        assertThat(OptionBounds.baseSpeed("1")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "NaN", "Infinity", "1e12", "10000", "1882", "0.0001", "0.5", "fast", ""})
    void aBaseSpeedOutsideOneTo1881IsNamedWithTheRange(String text) {
        assertThatThrownBy(() -> OptionBounds.baseSpeed(text)).isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessage("'" + text + "' is not a speed from 1 to 1881 (x real time; 441 plays 100 Hz data at"
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
