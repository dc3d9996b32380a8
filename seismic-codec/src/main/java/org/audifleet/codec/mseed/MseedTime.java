package org.audifleet.codec.mseed;

/** Epoch-nanosecond arithmetic for miniSEED's year / day-of-year times. */
public final class MseedTime {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private MseedTime() {
    }

    /**
     * Nanoseconds since the epoch for a year, day of year (1-based) and time of day. A leap second (60) is
     * counted into the next minute, as libmseed does; no range checks beyond what the header parsers did.
     */
    static long epochNanos(int year, int dayOfYear, int hour, int minute, int second, long nanos) {
        long days = daysFromCivil(year) + dayOfYear - 1;
        long seconds = days * 86_400L + hour * 3_600L + minute * 60L + second;
        return seconds * NANOS_PER_SECOND + nanos;
    }

    /** Days from 1970-01-01 to January 1st of the year (proleptic Gregorian). */
    private static long daysFromCivil(int year) {
        long y = year - 1;
        return 365L * (year - 1970) + (Math.floorDiv(y, 4) - Math.floorDiv(y, 100) + Math.floorDiv(y, 400)) - 477L;
    }

    /**
     * ISO-8601 UTC with the sub-second part libmseed prints: none when zero, microseconds when the nanoseconds are
     * a whole number of microseconds, nanoseconds otherwise.
     */
    public static String iso(long epochNanos) {
        long seconds = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
        long nanos = Math.floorMod(epochNanos, NANOS_PER_SECOND);
        java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(seconds, 0, java.time.ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(32);
        pad(sb, t.getYear(), 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2).append('T');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
        if (nanos != 0) {
            sb.append('.');
            if (nanos % 1000 == 0) {
                pad(sb, nanos / 1000, 6);
            } else {
                pad(sb, nanos, 9);
            }
        }
        return sb.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder sb, long value, int width) {
        String s = Long.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
