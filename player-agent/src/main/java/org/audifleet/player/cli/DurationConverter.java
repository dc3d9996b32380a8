package org.audifleet.player.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/** {@code 90s}, {@code 10m}, {@code 1h}, {@code 2d}, {@code 1h30m} or ISO-8601 {@code PT1H}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

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
}
