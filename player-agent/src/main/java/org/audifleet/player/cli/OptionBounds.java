package org.audifleet.player.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.audifleet.player.engine.EngineSettings;
import org.audifleet.player.engine.SoundFilters;
import org.audifleet.player.station.DataPosition;
import org.audifleet.player.station.SessionClock;
import org.audifleet.signal.Detrend;
import org.audifleet.wire.PlaybackControl;
import org.audifleet.wire.StreamId;
import picocli.CommandLine;

/**
 * What the station's options accept. Picocli runs these converters while it parses, so a bad value exits 2 with
 * one line naming the option, the value and what is accepted (see {@code PlayerAgent}), before any output is
 * opened or the broker is contacted. The engine's bounds (speed multiplier, volume) are {@link EngineSettings}'.
 */
final class OptionBounds {

    /**
     * Slowest base speed: real time. Slower plays the data below its own rate and makes a window's audio longer
     * than the window (0.0001x turned one hour of data into a WAV of 10,000 hours).
     */
    static final int MIN_BASE_SPEED = 1;
    /**
     * Fastest base speed: the seed app's 10,000x, {@link EngineSettings#MAX_BASE_RATE} (1 MHz) for data at the
     * nominal 100 Hz; the 15x multiplier plays on top, band-limited through the session's decimated levels
     * ({@code OptionBoundsTests} holds the two to each other). Faster data plays up to the same 1 MHz.
     */
    static final int MAX_BASE_SPEED = (int) (EngineSettings.MAX_BASE_RATE / SessionClock.NOMINAL_RATE);
    /** Longest window by default: the fetcher's {@code audifleet.fetch.max-window} default, 24 h. */
    static final String DEFAULT_MAX_DURATION = "24h";

    private OptionBounds() {
    }

    /** A base speed (audification factor at 1x), {@value #MIN_BASE_SPEED} to {@value #MAX_BASE_SPEED}. */
    static double baseSpeed(String text) {
        return within(text, "a speed", MIN_BASE_SPEED, MAX_BASE_SPEED,
                " (x real time; 441 plays 100 Hz data at 44.1 kHz)");
    }

    /** A multiplier on the base speed, as the keys and SPEED controls set it. */
    static double speedMultiplier(String text) {
        return within(text, "a speed multiplier", EngineSettings.MIN_SPEED, EngineSettings.MAX_SPEED, "");
    }

    static double volume(String text) {
        return within(text, "a volume", EngineSettings.MIN_VOLUME, EngineSettings.MAX_VOLUME, " (1 = unity)");
    }

    /** A high-pass corner in Hz of data frequency, or {@code off} (0). */
    static double highPass(String text) {
        if (text.strip().equalsIgnoreCase("off")) {
            return 0;
        }
        return within(text, "a high-pass corner (Hz of data frequency) or off", 0, SoundFilters.MAX_HIGH_PASS_HZ,
                " (the waveform service's: 0.01, 0.02, 0.045)");
    }

    static Detrend.Mode dc(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "off", "none" -> Detrend.Mode.NONE;
            case "mean" -> Detrend.Mode.MEAN;
            case "line", "linear", "detrend" -> Detrend.Mode.LINEAR;
            default -> throw new CommandLine.TypeConversionException("'" + text
                    + "' is not a DC removal: off, mean or line");
        };
    }

    /** on or off (picocli hands a boolean option's on/off over as true/false, so those are taken too). */
    static boolean onOff(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new CommandLine.TypeConversionException("'" + text + "' is not on or off");
        };
    }

    private static double within(String text, String what, double min, double max, String note) {
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        // NaN fails both comparisons, so it is out of range like the infinities.
        if (!(value >= min && value <= max)) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not " + what + " from " + number(min)
                    + " to " + number(max) + note);
        }
        return value;
    }

    private static String number(double x) {
        return x == Math.rint(x) ? String.valueOf((long) x) : String.valueOf(x);
    }

    /** A length that must be longer than zero: a window, a timeout. */
    static Duration positive(String text) {
        Duration d = new DurationConverter().convert(text);
        if (d.isZero() || d.isNegative()) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a length longer than zero"
                    + " (e.g. 90s, 10m, 1h, 1h30m)");
        }
        return d;
    }

    static StreamId stream(String text) {
        try {
            return StreamId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }

    static Instant instant(String text) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a UTC time like 2024-01-01T00:00:00Z");
        }
    }

    /** {@code --duration} against {@code --max-duration}, once both are parsed. */
    static void checkWindow(CommandLine commandLine, Duration duration, Duration maxDuration) {
        if (duration.compareTo(maxDuration) > 0) {
            throw new CommandLine.ParameterException(commandLine, String.format(Locale.ROOT,
                    "Invalid value for option '--duration': '%s' is longer than --max-duration %s",
                    DurationConverter.text(duration), DurationConverter.text(maxDuration)));
        }
    }

    static final class BaseSpeed implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return baseSpeed(value);
        }
    }

    static final class Volume implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return volume(value);
        }
    }

    static final class PositiveLength implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return positive(value);
        }
    }

    static final class Time implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            return instant(value);
        }
    }

    static final class Stream implements CommandLine.ITypeConverter<StreamId> {
        @Override
        public StreamId convert(String value) {
            return stream(value);
        }
    }

    static final class HighPass implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            return highPass(value);
        }
    }

    static final class Dc implements CommandLine.ITypeConverter<Detrend.Mode> {
        @Override
        public Detrend.Mode convert(String value) {
            return dc(value);
        }
    }

    static final class Position implements CommandLine.ITypeConverter<PlaybackControl.Position> {
        @Override
        public PlaybackControl.Position convert(String value) {
            try {
                return DataPosition.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class OnOff implements CommandLine.ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String value) {
            return onOff(value);
        }
    }
}
