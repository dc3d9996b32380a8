package org.audifleet.waveform.spectrogram;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the service's spectrograms are cut.
 *
 * @param windowSeconds data time of one FFT window, rounded to a power of two of samples at the stream's rate
 *                      (20.48 s: 2048 samples at 100 Hz, bins 0.049 Hz apart, fine enough to see the high-pass
 *                      corners 0.01..0.045 Hz; at 441x that is 46 ms of audio and bins 21.5 Hz apart)
 * @param overlap       fraction of a window the next one overlaps (0.5: a column every 10.24 s of data at 100 Hz)
 */
@Validated
@ConfigurationProperties("audifleet.waveform.spectrogram")
public record SpectrogramProperties(
        @DefaultValue("20.48") @DecimalMin("0.16") @DecimalMax("3600") double windowSeconds,
        @DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("0.875") double overlap) {

    public static SpectrogramProperties defaults() {
        return new SpectrogramProperties(20.48, 0.5);
    }
}
