package org.audifleet.waveform.session;

import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The HTTP side of the waveform service.
 *
 * @param corsAllowedOrigins origins whose pages may GET /sessions/** from a browser (peaks.js on another
 *                           port or host); {@code *} allows any, which is safe because nothing here needs
 *                           credentials and every endpoint is read-only
 */
@Validated
@ConfigurationProperties("audifleet.waveform.http")
record HttpProperties(@DefaultValue("*") @NotEmpty List<String> corsAllowedOrigins) {
}
