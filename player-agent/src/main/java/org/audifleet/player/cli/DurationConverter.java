package org.audifleet.player.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Lengths on the command line: {@code 90s}, {@code 10m}, {@code 1h}, {@code 2d}, {@code 1h30m} or ISO-8601
 * {@code PT1H} in, and {@link #text} back out the same way for what the commands print.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        try {
            if (v.startsWith("P")) {
                return Duration.parse(v);
            }
            if (v.endsWith("MS")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.matches("\\d+D")) {
                return Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.parse("PT" + v);
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 90s, 10m, 1h, 1h30m)");
        }
    }

    /** {@code 1h}, {@code 1h30m}, {@code 3m}, {@code 1m12s}: a length as an option would take it. */
    public static String text(Duration d) {
        return d.toString().substring(2).toLowerCase(Locale.ROOT);
    }
}
