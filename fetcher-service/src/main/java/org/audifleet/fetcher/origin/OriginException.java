package org.audifleet.fetcher.origin;

/** An origin did not deliver: what was asked, where, and why (status, timeout, refused). */
public class OriginException extends Exception {

    public OriginException(String message) {
        super(message);
    }

    public OriginException(String message, Throwable cause) {
        super(message, cause);
    }
}
