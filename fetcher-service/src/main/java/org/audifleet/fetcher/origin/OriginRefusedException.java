package org.audifleet.fetcher.origin;

import org.audifleet.wire.PlaybackStatus;

/**
 * The origin can tell from planning that it cannot serve the window at all (a chunk store with no manifest of the
 * stream on any day of it), so the request is rejected with {@code reason} instead of played as silence.
 */
public class OriginRefusedException extends OriginException {

    private final PlaybackStatus.Reason reason;

    public OriginRefusedException(PlaybackStatus.Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public PlaybackStatus.Reason reason() {
        return reason;
    }
}
