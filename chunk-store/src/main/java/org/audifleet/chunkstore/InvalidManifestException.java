package org.audifleet.chunkstore;

/** A day manifest that cannot be read or contradicts itself; the message names the offending field. */
public class InvalidManifestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidManifestException(String message) {
        super(message);
    }

    public InvalidManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
