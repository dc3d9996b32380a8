package org.audifleet.console.page;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * What the page needs to know besides the console's own API.
 *
 * @param waveformUrl the waveform service as the browser reaches it: the page GETs a session's {@code .dat},
 *     status and spectrogram there (its CORS lets any page read them, waveform-service/README.md)
 */
@Validated
@ConfigurationProperties("audifleet.console.page")
record PageProperties(@NotNull URI waveformUrl) {
}
