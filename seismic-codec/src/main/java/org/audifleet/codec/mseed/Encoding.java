package org.audifleet.codec.mseed;

/** miniSEED data encoding codes (SEED blockette 1000 / miniSEED 3 header field) and their display names. */
public final class Encoding {
    public static final int TEXT = 0;
    public static final int INT16 = 1;
    public static final int INT24 = 2;
    public static final int INT32 = 3;
    public static final int FLOAT32 = 4;
    public static final int FLOAT64 = 5;
    public static final int STEIM1 = 10;
    public static final int STEIM2 = 11;
    public static final int GEOSCOPE24 = 12;
    public static final int GEOSCOPE16_3 = 13;
    public static final int GEOSCOPE16_4 = 14;
    public static final int CDSN = 16;
    public static final int SRO = 30;
    public static final int DWWSSN = 32;

    private Encoding() {
    }

    /** The name libmseed prints for a code, so dumps of both decoders can be diffed. */
    public static String name(int code) {
        return switch (code) {
            case 0 -> "Text";
            case 1 -> "16-bit integer";
            case 2 -> "24-bit integer";
            case 3 -> "32-bit integer";
            case 4 -> "32-bit float (IEEE single)";
            case 5 -> "64-bit float (IEEE double)";
            case 10 -> "STEIM-1 integer compression";
            case 11 -> "STEIM-2 integer compression";
            case 12 -> "GEOSCOPE Muxed 24-bit integer";
            case 13 -> "GEOSCOPE Muxed 16/3-bit gain/exp";
            case 14 -> "GEOSCOPE Muxed 16/4-bit gain/exp";
            case 15 -> "US National Network compression";
            case 16 -> "CDSN 16-bit gain ranged";
            case 17 -> "Graefenberg 16-bit gain ranged";
            case 18 -> "IPG - Strasbourg 16-bit gain";
            case 19 -> "STEIM-3 integer compression";
            case 30 -> "SRO gain ranged";
            case 31 -> "HGLP";
            case 32 -> "DWWSSN";
            case 33 -> "RSTN 16 bit gain ranged";
            default -> "Unknown format code";
        };
    }

    /** Whether this decoder can produce samples for the code. */
    public static boolean isSupported(int code) {
        return switch (code) {
            case TEXT, INT16, INT32, FLOAT32, FLOAT64, STEIM1, STEIM2,
                 GEOSCOPE24, GEOSCOPE16_3, GEOSCOPE16_4, CDSN, SRO, DWWSSN -> true;
            default -> false;
        };
    }

    static boolean isSteim(int code) {
        return code == STEIM1 || code == STEIM2;
    }
}
