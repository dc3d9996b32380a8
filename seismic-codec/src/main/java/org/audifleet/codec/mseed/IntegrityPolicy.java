package org.audifleet.codec.mseed;

/**
 * What to do when a Steim record's last decoded sample differs from its reverse integration constant (Xn).
 * A mismatch means the frames are damaged or were written with another encoding than the header says.
 */
public enum IntegrityPolicy {
    /** Throw {@link MseedFormatException}: the default, so damaged data never reaches a listener. */
    FAIL,
    /** Report a warning and keep the decoded samples, as libmseed does (used to reproduce its dumps). */
    WARN
}
