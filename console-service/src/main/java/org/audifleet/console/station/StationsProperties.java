package org.audifleet.console.station;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param staleAfter a station whose newest announcement is older than this is listed as silent (a daemon announces
 *     every 2 s by default, and sends a tombstone when it stops; one killed outright sends none)
 * @param defaultSpeed the audification factor of a session the console starts (441: 100 Hz data at 44.1 kHz)
 */
@Validated
@ConfigurationProperties("audifleet.console.stations")
record StationsProperties(@DefaultValue("10s") Duration staleAfter, @DefaultValue("441") double defaultSpeed) {
}
