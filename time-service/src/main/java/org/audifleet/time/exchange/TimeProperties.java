package org.audifleet.time.exchange;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the time service answers exchanges.
 *
 * @param port        UDP port of the exchanges (0: any free port, for tests; the one bound is logged)
 * @param bindAddress address the UDP socket binds to; every interface by default, since stations reach it from
 *                    other hosts (and from other pods in Kubernetes)
 */
@Validated
@ConfigurationProperties("audifleet.time")
record TimeProperties(@DefaultValue("9123") @Min(0) @Max(65_535) int port,
        @DefaultValue("0.0.0.0") @NotBlank String bindAddress) {
}
