package org.audifleet.fetcher.origin;

/**
 * An origin's answer broke one of its limits in a way retrying will not change: a redirect away from the origin,
 * or a body over its size cap. The transport logs it with the URL; the chunk does not become a silent gap.
 */
public class OriginLimitException extends OriginException {

    public enum Limit {
        /** A redirect to another scheme, host or port that the origin's redirect-allow-list does not name. */
        REDIRECT,
        /** A body longer than the fetch allowed. */
        BODY_SIZE
    }

    private final Limit limit;

    public OriginLimitException(String message, Limit limit) {
        super(message);
        this.limit = limit;
    }

    public Limit limit() {
        return limit;
    }
}
