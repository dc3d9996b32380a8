package org.audifleet.player.station;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.audifleet.wire.PlaybackControl.Position;

/**
 * The one format a person types a position in ({@code control seek/loop}, {@code play --seek/--loop}): data time
 * from the session window's start as {@code hh:mm:ss[.fff]} or {@code mm:ss[.fff]}, or relative to the playing
 * position as {@code +N} / {@code -N} with a unit {@code s}, {@code m} or {@code h} ({@code N} may have up to three
 * decimals: {@code +1.5m}). The station turns a position into samples at the stream's own rate
 * ({@link StationControls#samplesAt}), so the same text means the same time on a 100 Hz and a 20 Hz stream.
 */
public final class DataPosition {

    /** What {@code --help} and error messages say the forms are. */
    public static final String FORMS = "hh:mm:ss[.fff] or mm:ss[.fff] from the window's start, or +N/-N with s, m"
            + " or h from the playing position (e.g. 00:12:30, 10:00, +5m, -30s)";

    /** 10^6 hours (114 years): far beyond any session, and far inside a long of microseconds. */
    private static final long MAX_HOURS = 1_000_000;

    private static final Pattern CLOCK = Pattern.compile("(?:(\\d{1,7}):)?(\\d{1,2}):(\\d{1,2})(?:\\.(\\d{1,3}))?");
    private static final Pattern RELATIVE = Pattern.compile("([+-])(\\d{1,10})(?:\\.(\\d{1,3}))?([smh])");

    private DataPosition() {
    }

    public static Position parse(String text) {
        String t = text.strip();
        Matcher clock = CLOCK.matcher(t);
        if (clock.matches()) {
            long hours = clock.group(1) == null ? 0 : Long.parseLong(clock.group(1));
            long minutes = Long.parseLong(clock.group(2));
            long seconds = Long.parseLong(clock.group(3));
            if (minutes > 59 || seconds > 59) {
                throw bad(text, "minutes and seconds run 00 to 59");
            }
            if (hours > MAX_HOURS) {
                throw bad(text, "more than " + MAX_HOURS + " hours");
            }
            long micros = ((hours * 60 + minutes) * 60 + seconds) * 1_000_000L + millis(clock.group(4)) * 1000;
            return new Position(false, micros);
        }
        Matcher relative = RELATIVE.matcher(t);
        if (relative.matches()) {
            long whole = Long.parseLong(relative.group(2));
            long unitMillis = switch (relative.group(4)) {
                case "s" -> 1_000L;
                case "m" -> 60_000L;
                default -> 3_600_000L;
            };
            if (whole * unitMillis > MAX_HOURS * 3_600_000L) {
                throw bad(text, "more than " + MAX_HOURS + " hours");
            }
            // The fraction is in thousandths of the unit: +1.5m is 90 s.
            long micros = whole * unitMillis * 1000 + millis(relative.group(3)) * unitMillis;
            return new Position(true, relative.group(1).equals("-") ? -micros : micros);
        }
        throw bad(text, "a position is " + FORMS);
    }

    /** Thousandths from up to three decimal digits: "5" is 500, "05" is 50. */
    private static long millis(String digits) {
        if (digits == null) {
            return 0;
        }
        return Long.parseLong((digits + "00").substring(0, 3));
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("'" + text + "' is not a position: " + why);
    }
}
