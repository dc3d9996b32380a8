package org.audifleet.fetcher.fetch;

import java.time.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
 * @param firstFragmentBytes size of a chunk's first fragment on chunks.raw; each later fragment is twice the one
 *                        before, so a 6 h chunk (5.4 MB) is 5 records and its first blocks leave the decoder after
 *                        256 KiB has arrived, not 5.4 MB. A chunk no bigger travels in one record. At least 132 KiB:
 *                        zstd hands out nothing of a block (up to 128 KiB decoded, stored raw when it does not
 *                        compress) before the whole block is in, so a smaller first fragment may decode to nothing
 * @param maxSessions     sessions this fetcher plans and publishes at once, over all its listener threads; a request
 *                        beyond waits for a slot (told RECEIVED already, its planning deadline running). 48: the 40
 *                        sessions issue 12 asks for at one instant with room; a session thread mostly waits on its
 *                        origin and the broker, and each origin's own {@code max-concurrency} still bounds its load
 */
@Validated
@ConfigurationProperties("audifleet.fetch")
record FetchProperties(@DefaultValue("24h") @DurationMin(seconds = 1) Duration maxWindow,
        @DefaultValue("10s") @DurationMin(millis = 100) Duration maxPlanningTime,
        @DefaultValue("262144") @Min(135_168) @Max(33_554_432) int firstFragmentBytes,
        @DefaultValue("48") @Min(1) @Max(1024) int maxSessions) {
}
