package org.audifleet.waveform.session;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The HTTP side of the waveform service: who may call it from a browser, and what one response may cost. Every
 * limit is checked from the request and the session's length before anything is allocated for the answer.
 *
 * @param corsAllowedOrigins   origins whose pages may GET /sessions/** from a browser (peaks.js on another
 *                             port or host); {@code *} allows any, which is safe because nothing here needs
 *                             credentials and every endpoint is read-only
 * @param maxImagePixels       most pixels (width x height) of one PNG; it is drawn as a 4-byte-per-pixel raster,
 *                             so the default 2048 x 2048 is 16 MiB while it is drawn
 * @param maxPoints            most min/max pairs (buckets) in one {@code .dat}/{@code .json} response
 * @param maxConcurrentRenders responses (PNG, .dat, .json) built at once; the others wait for a slot
 * @param renderWait           how long a response waits for a slot before {@code 503 Retry-After: 1}
 */
@Validated
@ConfigurationProperties("audifleet.waveform.http")
record HttpProperties(
        @DefaultValue("*") @NotEmpty List<String> corsAllowedOrigins,
        @DefaultValue("4194304") @Min(1) @Max(268_435_456) long maxImagePixels,
        @DefaultValue("1048576") @Min(1) @Max(67_108_864) int maxPoints,
        @DefaultValue("2") @Min(1) @Max(64) int maxConcurrentRenders,
        @DefaultValue("2s") Duration renderWait) {
}
