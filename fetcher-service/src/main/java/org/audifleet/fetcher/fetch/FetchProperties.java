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
 *                        take before the request is rejected with PLANNING_TOO_SLOW, freeing the listener thread
 *                        for the other sessions on its partition. 10 s: a cold fetcher's first plan took over 4 s
 *                        on the loaded 2-core test machine, and a public FDSN service's first chunk can take
 *                        seconds
 */
@Validated
@ConfigurationProperties("audifleet.fetch")
record FetchProperties(@DefaultValue("24h") @DurationMin(seconds = 1) Duration maxWindow,
        @DefaultValue("10s") @DurationMin(millis = 100) Duration maxPlanningTime) {
}
