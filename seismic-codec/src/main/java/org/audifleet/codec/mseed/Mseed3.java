package org.audifleet.codec.mseed;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * miniSEED 3 (FDSN 2023): 40-byte little-endian fixed header, source identifier, extra headers (JSON), payload.
 * Steim payloads stay big-endian as in miniSEED 2; every other encoding is little-endian.
 */
final class Mseed3 {
    static final int FIXED_HEADER = 40;

    private Mseed3() {
    }

    static boolean looksLikeHeader(byte[] b, int p, int available) {
        return available >= 3 && b[p] == 'M' && b[p + 1] == 'S' && b[p + 2] == 3;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i + 1] & 0xff) << 8) | (b[i] & 0xff);
    }

    private static long u32(byte[] b, int i) {
        return Mseed2.i32(b, i, false) & 0xffffffffL;
    }

    /** Total record length from the header's field lengths ({@code FIXED_HEADER} bytes must be readable). */
    static long recordLength(byte[] b, int p) {
        return FIXED_HEADER + (b[p + 33] & 0xff) + u16(b, p + 34) + u32(b, p + 36);
    }

    static MseedRecord decode(byte[] b, int p, int length, long offset, Payload payload) throws MseedFormatException {
        long stored = u32(b, p + 28);
        CRC32C crc = new CRC32C();
        crc.update(b, p, 28);
        crc.update(ZERO_CRC, 0, 4);
        crc.update(b, p + 32, length - 32);
        if (crc.getValue() != stored) {
            throw new MseedFormatException(offset, String.format("CRC-32C mismatch: header says 0x%08X, record"
                    + " computes 0x%08X", stored, crc.getValue()));
        }
        long nanos = u32(b, p + 4);
        int year = u16(b, p + 8);
        int day = u16(b, p + 10);
        int hour = b[p + 12] & 0xff;
        int minute = b[p + 13] & 0xff;
        int second = b[p + 14] & 0xff;
        int encoding = b[p + 15] & 0xff;
        double rateOrPeriod = Double.longBitsToDouble(
                (u32(b, p + 16)) | (u32(b, p + 20) << 32));
        long count = u32(b, p + 24);
        int publication = b[p + 32] & 0xff;
        int sidLength = b[p + 33] & 0xff;
        int extraLength = u16(b, p + 34);
        int dataLength = length - FIXED_HEADER - sidLength - extraLength;
        if (nanos > 999_999_999L || day < 1 || day > 366 || hour > 23 || minute > 59 || second > 60) {
            throw new MseedFormatException(offset, "invalid start time " + year + "," + day + "," + hour + ":"
                    + minute + ":" + second + "." + nanos);
        }
        if (count > Integer.MAX_VALUE) {
            throw new MseedFormatException(offset, "sample count " + count + " too large");
        }
        String sid = new String(b, p + FIXED_HEADER, sidLength, StandardCharsets.US_ASCII);
        String extra = extraLength == 0 ? ""
                : new String(b, p + FIXED_HEADER + sidLength, extraLength, StandardCharsets.UTF_8);
        // A negative value is a sample period in seconds.
        double rate = rateOrPeriod < 0 ? -1.0 / rateOrPeriod : rateOrPeriod;
        boolean payloadBigEndian = Encoding.isSteim(encoding);
        int payloadStart = FIXED_HEADER + sidLength + extraLength;
        Payload.Samples samples = payload.decode(encoding, b, p + payloadStart, dataLength, payloadBigEndian,
                (int) count, sid, offset, payloadStart);

        String network = "";
        String station = "";
        String location = "";
        String channel = "";
        if (sid.startsWith("FDSN:")) {
            String[] parts = sid.substring(5).split("_", -1);
            if (parts.length == 6) {
                network = parts[0];
                station = parts[1];
                location = parts[2];
                channel = parts[3].length() == 1 && parts[4].length() == 1 && parts[5].length() == 1
                        ? parts[3] + parts[4] + parts[5]
                        : parts[3] + "_" + parts[4] + "_" + parts[5];
            }
        }
        long start = MseedTime.epochNanos(year, day, hour, minute, second, nanos);
        return new MseedRecord(offset, length, 3, sid, network, station, location, channel, start, rate, encoding,
                payloadBigEndian ? 2 : 0, publication, count, samples.count(), samples.type(), samples.ints(),
                samples.floats(), samples.doubles(), samples.text(), extra);
    }

    private static final byte[] ZERO_CRC = new byte[4];
}
