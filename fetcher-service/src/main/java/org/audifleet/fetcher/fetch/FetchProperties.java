package org.audifleet.fetcher.fetch;

import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on the requests this fetcher serves.
 *
 * @param maxWindow       longest window one request may ask for; a longer one is rejected before anything is
 *                        fetched (24 h: a day of 100 Hz data is 8.6 M samples, 3 min of audio at 441x, and a
 *                        mistyped duration should not cost an origin a month of downloads)
 * @param maxPlanningTime longest a request's planning (the origin's manifests, an FDSN origin's first chunk) may
 *                        take before the request is rejected with PLANNING_TOO_SLOW; 4 s answers the station
 *                        within its default 5 s status timeout, and frees the listener thread for the other
 *                        sessions on its partition
 */
@Validated
@ConfigurationProperties("audifleet.fetch")
record FetchProperties(@DefaultValue("24h") @DurationMin(seconds = 1) Duration maxWindow,
        @DefaultValue("4s") @DurationMin(millis = 100) Duration maxPlanningTime) {
}
