package org.audifleet.fetcher.origin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTests {

    static final Instant NOW = Instant.parse("2026-11-22T08:00:00Z");

    @Test
    void secondsOrAnHttpDateCappedAtAMinute() {
        assertThat(HttpTransport.retryAfter("7", NOW)).hasValue(Duration.ofSeconds(7));
        assertThat(HttpTransport.retryAfter("3600", NOW)).hasValue(Duration.ofSeconds(60));
        assertThat(HttpTransport.retryAfter("Sun, 22 Nov 2026 08:00:12 GMT", NOW)).hasValue(Duration.ofSeconds(12));
        assertThat(HttpTransport.retryAfter("Sun, 22 Nov 2026 07:00:00 GMT", NOW)).hasValue(Duration.ZERO);
        assertThat(HttpTransport.retryAfter("soon", NOW)).isEmpty();
    }
}
