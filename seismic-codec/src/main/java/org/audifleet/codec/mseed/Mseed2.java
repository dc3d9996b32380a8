package org.audifleet.codec.mseed;

import java.util.function.Consumer;

/**
 * miniSEED 2 (SEED 2.4 data-only records): 48-byte fixed header, blockette chain, payload.
 *
 * <p>Header byte order is detected per record from the start time's year and day; the payload's from
 * blockette 1000's word order (the header's when the record has no blockette 1000).
 */
final class Mseed2 {
    static final int FIXED_HEADER = 48;
    /** Smallest record length tried when a record has no blockette 1000. */
    static final int MIN_RECORD = 128;
    /** Largest record length tried when a record has no blockette 1000 (blockette offsets are 16-bit). */
    static final int MAX_SEARCHED_RECORD = 65536;

    private Mseed2() {
    }

    static int u16(byte[] b, int i, boolean be) {
        return be ? ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff) : ((b[i + 1] & 0xff) << 8) | (b[i] & 0xff);
    }

    static int i32(byte[] b, int i, boolean be) {
        return be
                ? (b[i] << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff)
                : (b[i + 3] << 24) | ((b[i + 2] & 0xff) << 16) | ((b[i + 1] & 0xff) << 8) | (b[i] & 0xff);
    }

    private static boolean validYearDay(int year, int day) {
        return year >= 1900 && year <= 2100 && day >= 1 && day <= 366;
    }

    /** Whether a plausible v2 fixed header starts at {@code p} ({@code FIXED_HEADER} bytes must be readable). */
    static boolean looksLikeHeader(byte[] b, int p) {
        for (int i = 0; i < 6; i++) {
            int c = b[p + i];
            if (!(c >= '0' && c <= '9') && c != ' ' && c != 0) {
                return false;
            }
        }
        int quality = b[p + 6];
        if (quality != 'D' && quality != 'R' && quality != 'Q' && quality != 'M') {
            return false;
        }
        if (b[p + 7] != ' ' && b[p + 7] != 0) {
            return false;
        }
        if ((b[p + 24] & 0xff) > 23 || (b[p + 25] & 0xff) > 59 || (b[p + 26] & 0xff) > 60) {
            return false;
        }
        return validYearDay(u16(b, p + 20, true), u16(b, p + 22, true))
                || validYearDay(u16(b, p + 20, false), u16(b, p + 22, false));
    }

    static boolean headerBigEndian(byte[] b, int p) {
        return validYearDay(u16(b, p + 20, true), u16(b, p + 22, true));
    }

    /** SEED blockette lengths; 0 for an unknown type (the chain cannot be followed past it). */
    static int blocketteLength(int type, byte[] b, int at, int limit, boolean be) {
        return switch (type) {
            case 100 -> 12;
            case 200 -> 52;
            case 201 -> 60;
            case 300, 310 -> 60;
            case 320 -> 64;
            case 390 -> 28;
            case 395, 400 -> 16;
            case 405 -> 6;
            case 500 -> 200;
            case 1000, 1001 -> 8;
            case 2000 -> at + 6 <= limit ? u16(b, at + 4, be) : 0;
            default -> 0;
        };
    }

    /**
     * Record length announced by blockette 1000 within the first {@code available} bytes, or -1 when the chain
     * holds none there. {@code needMore} receives the byte count that would let the walk go further, if any.
     */
    static int lengthFromBlockette1000(byte[] b, int p, int available, int[] needMore) {
        boolean be = headerBigEndian(b, p);
        int at = u16(b, p + 46, be);
        needMore[0] = 0;
        for (int hops = 0; at != 0 && hops < 64; hops++) {
            if (at + 8 > available) {
                needMore[0] = at + 8;
                return -1;
            }
            int type = u16(b, p + at, be);
            int next = u16(b, p + at + 2, be);
            if (type == 1000) {
                int exponent = b[p + at + 6] & 0xff;
                return exponent >= 7 && exponent <= 30 ? 1 << exponent : -1;
            }
            int length = blocketteLength(type, b, p + at, p + available, be);
            if (length == 0 || next != 0 && next < at + length) {
                return -1;
            }
            at = next;
        }
        return -1;
    }

    /** Decodes the record of {@code length} bytes at {@code p}; header validity was checked by the caller. */
    static MseedRecord decode(byte[] b, int p, int length, long offset, Payload payload, Consumer<String> warnings)
            throws MseedFormatException {
        boolean be = headerBigEndian(b, p);
        String station = code(b, p + 8, 5);
        String location = code(b, p + 13, 2);
        String channel = code(b, p + 15, 3);
        String network = code(b, p + 18, 2);
        String sid = sourceId(network, station, location, channel);

        int year = u16(b, p + 20, be);
        int day = u16(b, p + 22, be);
        int hour = b[p + 24] & 0xff;
        int minute = b[p + 25] & 0xff;
        int second = b[p + 26] & 0xff;
        int tenthMillis = u16(b, p + 28, be);
        int count = u16(b, p + 30, be);
        int factor = (short) u16(b, p + 32, be);
        int multiplier = (short) u16(b, p + 34, be);
        int activity = b[p + 36] & 0xff;
        int declaredBlockettes = b[p + 39] & 0xff;
        int timeCorrection = i32(b, p + 40, be);
        int dataOffset = u16(b, p + 44, be);

        int encoding = Encoding.STEIM1;
        boolean payloadBigEndian = be;
        boolean haveB1000 = false;
        int microseconds = 0;
        double b100Rate = Double.NaN;

        // Follow the chain as far as it is consistent; a broken link ends it with a warning, like libmseed.
        int at = u16(b, p + 46, be);
        int parsed = 0;
        while (at != 0 && at < length) {
            if (at + 4 > length) {
                warnings.accept(sid + ": byte offset " + offset + ": blockette header at byte " + at + " beyond record");
                break;
            }
            int type = u16(b, p + at, be);
            int next = u16(b, p + at + 2, be);
            int blen = blocketteLength(type, b, p + at, p + length, be);
            if (blen == 0) {
                warnings.accept(sid + ": byte offset " + offset + ": unknown blockette length for type " + type);
                break;
            }
            if (at + blen > length) {
                warnings.accept(sid + ": byte offset " + offset + ": blockette " + type + " extends beyond record");
                break;
            }
            switch (type) {
                case 100 -> b100Rate = Float.intBitsToFloat(i32(b, p + at + 4, be));
                case 1000 -> {
                    haveB1000 = true;
                    encoding = b[p + at + 4] & 0xff;
                    payloadBigEndian = b[p + at + 5] != 0;
                }
                case 1001 -> microseconds = b[p + at + 5];
                default -> {
                    // other blockettes carry nothing the samples or their times depend on
                }
            }
            parsed++;
            if (next != 0 && next < at + blen) {
                warnings.accept(sid + ": byte offset " + offset + ": offset to next blockette (" + next
                        + ") is within current blockette ending at byte " + (at + blen));
                break;
            }
            if (next != 0 && next > length) {
                warnings.accept(sid + ": byte offset " + offset + ": offset to next blockette (" + next
                        + ") from type " + type + " is beyond record length");
                break;
            }
            at = next;
        }
        if (parsed != declaredBlockettes) {
            warnings.accept(sid + ": byte offset " + offset + ": number of blockettes in fixed header ("
                    + declaredBlockettes + ") does not match the number parsed (" + parsed + ")");
        }
        if (!haveB1000) {
            warnings.accept(sid + ": byte offset " + offset + ": no blockette 1000, assuming Steim1 payload in "
                    + (be ? "big" : "little") + "-endian order and record length " + length);
        }

        long nanos = (long) tenthMillis * 100_000L + microseconds * 1_000L;
        // Bit 1 of the activity flags says the correction is already in the start time.
        if ((activity & 0x02) == 0 && timeCorrection != 0) {
            nanos += (long) timeCorrection * 100_000L;
        }
        long start = MseedTime.epochNanos(year, day, hour, minute, second, nanos);
        double rate = Double.isNaN(b100Rate) ? nominalRate(factor, multiplier) : b100Rate;

        Payload.Samples samples;
        if (count == 0) {
            samples = payload.decode(encoding, b, p, 0, payloadBigEndian, 0, sid, offset, 0);
        } else {
            if (dataOffset < FIXED_HEADER || dataOffset >= length) {
                throw new MseedFormatException(offset, "data offset " + dataOffset + " outside record of "
                        + length + " bytes");
            }
            samples = payload.decode(encoding, b, p + dataOffset, length - dataOffset, payloadBigEndian, count,
                    sid, offset, dataOffset);
        }
        int swap = (be ? 1 : 0) | (payloadBigEndian ? 2 : 0);
        return new MseedRecord(offset, length, 2, sid, network, station, location, channel, start, rate, encoding,
                swap, publicationVersion(b[p + 6]), count, samples.count(), samples.type(), samples.ints(),
                samples.floats(), samples.doubles(), samples.text(), "");
    }

    /** SEED sample rate factor and multiplier to samples per second. */
    static double nominalRate(int factor, int multiplier) {
        double rate = 0;
        if (factor > 0) {
            rate = factor;
        } else if (factor < 0) {
            rate = -1.0 / factor;
        }
        if (multiplier > 0) {
            rate = rate * multiplier;
        } else if (multiplier < 0) {
            rate = -1.0 * (rate / multiplier);
        }
        return rate;
    }

    private static int publicationVersion(byte quality) {
        return switch (quality) {
            case 'R' -> 1;
            case 'D' -> 2;
            case 'Q' -> 3;
            case 'M' -> 4;
            default -> 0;
        };
    }

    /** A space-padded ASCII code with padding (and any stray spaces or NULs) removed. */
    private static String code(byte[] b, int at, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = (char) (b[at + i] & 0xff);
            if (c != ' ' && c != 0) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String sourceId(String network, String station, String location, String channel) {
        StringBuilder sb = new StringBuilder(32).append("FDSN:").append(network).append('_').append(station)
                .append('_').append(location).append('_');
        if (channel.length() == 3) {
            sb.append(channel.charAt(0)).append('_').append(channel.charAt(1)).append('_').append(channel.charAt(2));
        } else {
            sb.append(channel);
        }
        return sb.toString();
    }
}
