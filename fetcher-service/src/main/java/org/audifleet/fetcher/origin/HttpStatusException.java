package org.audifleet.fetcher.origin;

/** An origin answered with an HTTP status that retrying will not change (e.g. 400, or 413 without Retry-After). */
public class HttpStatusException extends OriginException {

    private final int status;

    public HttpStatusException(String message, int status) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
