package org.audifleet.waveform.session;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rebuilding a session's pyramids from audio.pcm when an HTTP request asks for a session this instance
 * does not hold (it restarted, or another instance consumed the session's partition).
 *
 * @param enabled    scan audio.pcm for sessions asked about that are not in memory; off: such requests are 404
 * @param requestWait how long a request waits for its rebuild before answering 503 with {@code Retry-After}
 *                   (the rebuild carries on; a later request gets the result)
 * @param maxScan    a scan that has not reached the end of the partition by then is abandoned (503)
 * @param maxPending sessions queued for a rebuild at once (scans run one at a time); more get 503 at once
 */
@Validated
@ConfigurationProperties("audifleet.waveform.rebuild")
record RebuildProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("30s") Duration requestWait,
        @DefaultValue("5m") Duration maxScan,
        @DefaultValue("4") @Min(1) int maxPending) {
}
