package org.audifleet.codec.mseed.legacy;

/**
 * The pre-Steim 16-bit encodings still found in old archives (SEED manual, data format codes 13, 14, 16, 30, 32)
 * and GEOSCOPE 24-bit (12). Each sample is one big- or little-endian word decoded independently.
 */
public final class GainRangedDecoder {
    private GainRangedDecoder() {
    }

    private static int u16(byte[] b, int i, boolean bigEndian) {
        return bigEndian ? ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff) : ((b[i + 1] & 0xff) << 8) | (b[i] & 0xff);
    }

    /** CDSN: 14-bit mantissa offset by 0x1fff, 2-bit gain code selecting a multiplier of 1, 4, 16 or 128. */
    public static void cdsn(byte[] b, int offset, boolean bigEndian, int count, int[] out) {
        for (int i = 0; i < count; i++) {
            int word = u16(b, offset + 2 * i, bigEndian);
            int mantissa = (word & 0x3fff) - 0x1fff;
            int multiplier = switch (word >>> 14) {
                case 0 -> 1;
                case 1 -> 4;
                case 2 -> 16;
                default -> 128;
            };
            out[i] = mantissa * multiplier;
        }
    }

    /**
     * SRO: 12-bit two's complement mantissa, 4-bit gain range; sample = mantissa * 2^(10 - range).
     *
     * @return -1 when all words were valid, otherwise the index of the first word with a gain range above 10
     */
    public static int sro(byte[] b, int offset, boolean bigEndian, int count, int[] out) {
        for (int i = 0; i < count; i++) {
            int word = u16(b, offset + 2 * i, bigEndian);
            int range = word >>> 12;
            if (range > 10) {
                return i;
            }
            int mantissa = (word << 20) >> 20;
            out[i] = mantissa << (10 - range);
        }
        return -1;
    }

    /** DWWSSN: plain 16-bit two's complement. */
    public static void dwwssn(byte[] b, int offset, boolean bigEndian, int count, int[] out) {
        for (int i = 0; i < count; i++) {
            out[i] = (short) u16(b, offset + 2 * i, bigEndian);
        }
    }

    /**
     * GEOSCOPE 16-bit gain ranged: 12-bit offset-binary mantissa, 3-bit (code 13) or 4-bit (code 14) exponent;
     * sample = (mantissa - 2048) / 2^exponent.
     */
    public static void geoscope16(byte[] b, int offset, boolean bigEndian, int exponentBits, int count, float[] out) {
        int exponentMask = (1 << exponentBits) - 1;
        for (int i = 0; i < count; i++) {
            int word = u16(b, offset + 2 * i, bigEndian);
            int exponent = (word >>> 12) & exponentMask;
            int mantissa = (word & 0x0fff) - 2048;
            out[i] = (float) (mantissa / (double) (1 << exponent));
        }
    }

    /** GEOSCOPE 24-bit: offset-binary 24-bit integer, delivered as float like libmseed. */
    public static void geoscope24(byte[] b, int offset, boolean bigEndian, int count, float[] out) {
        for (int i = 0; i < count; i++) {
            int p = offset + 3 * i;
            int value = bigEndian
                    ? ((b[p] & 0xff) << 16) | ((b[p + 1] & 0xff) << 8) | (b[p + 2] & 0xff)
                    : ((b[p + 2] & 0xff) << 16) | ((b[p + 1] & 0xff) << 8) | (b[p] & 0xff);
            out[i] = value - 0x800000;
        }
    }
}
