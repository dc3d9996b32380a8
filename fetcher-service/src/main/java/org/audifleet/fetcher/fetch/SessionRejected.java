package org.audifleet.fetcher.fetch;

import org.audifleet.service.kafka.NotRetryableException;
import org.audifleet.wire.PlaybackStatus;

/**
 * A request the fetcher will not serve, and why. Not retryable: the container dead-letters the request with this
 * message, and the station has been told the same on playback.status.
 */
final class SessionRejected extends NotRetryableException {

    private final PlaybackStatus.Reason reason;

    SessionRejected(PlaybackStatus.Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    PlaybackStatus.Reason reason() {
        return reason;
    }
}
