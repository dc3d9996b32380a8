package org.audifleet.codec.mseed;

/** What a record's payload decodes to; only the matching sample array of {@link MseedRecord} is non-null. */
public enum SampleType {
    /** 32-bit integer counts (Steim1/2, int16, int32 and the old integer gain-ranged encodings). */
    INT,
    /** IEEE single precision (float32 and the GEOSCOPE gain/exponent encodings). */
    FLOAT,
    /** IEEE double precision. */
    DOUBLE,
    /** Opaque text bytes, usually ASCII log messages. */
    TEXT
}
