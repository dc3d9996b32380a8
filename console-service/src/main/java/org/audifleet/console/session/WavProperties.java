package org.audifleet.console.session;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The session WAV download.
 *
 * @param maxSamples most data samples one WAV holds (default one day at 100 Hz; 2 bytes each in the file)
 * @param readTimeout how long reading the session's blocks from audio.pcm may take
 * @param speed the audification factor of the file's rate (441: 100 Hz data becomes a 44.1 kHz WAV)
 */
@Validated
@ConfigurationProperties("audifleet.console.wav")
record WavProperties(@DefaultValue("8640000") @Min(1) @Max(500_000_000) long maxSamples,
        @DefaultValue("30s") Duration readTimeout, @DefaultValue("441") double speed) {
}
