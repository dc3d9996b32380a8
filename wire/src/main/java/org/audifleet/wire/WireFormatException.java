package org.audifleet.wire;

/** A payload that is not what its topic's format table says. Not retryable. */
public class WireFormatException extends RuntimeException {

    public WireFormatException(String message) {
        super(message);
    }
}
