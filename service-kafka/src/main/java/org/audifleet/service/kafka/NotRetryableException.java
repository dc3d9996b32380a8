package org.audifleet.service.kafka;

/**
 * A record that will fail the same way however often it is retried (an unknown origin, a payload
 * the decoder cannot read): the container sends it to the dead-letter topic at once.
 */
public class NotRetryableException extends RuntimeException {

    public NotRetryableException(String message) {
        super(message);
    }

    public NotRetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
