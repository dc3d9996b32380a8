package org.audifleet.codec.mseed;

import java.io.IOException;

/**
 * Input that is not decodable miniSEED. An {@link IOException} so stream callers handle one type;
 * {@link #offset()} is the absolute byte offset in the input where the problem was found.
 */
public final class MseedFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;
    private final String reason;

    public MseedFormatException(long offset, String reason) {
        super("byte offset " + offset + ": " + reason);
        this.offset = offset;
        this.reason = reason;
    }

    /** Absolute byte offset in the input (start of the offending record, frame or field). */
    public long offset() {
        return offset;
    }

    /** Why decoding stopped, without the offset. */
    public String reason() {
        return reason;
    }
}
