package org.audifleet.player.station;

import java.util.Locale;

/** The live status line of a station, as plain text (the terminal code adds colour and \r). */
public final class StatusText {

    private StatusText() {
    }

    /**
     * What the line shows.
     *
     * @param clock data time being played, UTC HH:mm:ss
     * @param aheadSamples data samples buffered past the play position
     * @param sourceRate data samples per second of data time
     * @param samplesPerAudioSecond data samples one second of audio consumes at the current speed
     * @param deviceDropouts times the sound card ran dry (shown only once there is one)
     * @param loop "HH:mm:ss–HH:mm:ss" or null
     * @param note the latest key's or control's note, or null
     */
    public record Values(String clock, boolean started, boolean paused, boolean complete, long aheadSamples,
            double sourceRate, double samplesPerAudioSecond, long underruns, long deviceDropouts, int gaps, double speed,
            double baseSpeed, double volume, String loop, String note) {
    }

    /** The whole line, every field present. */
    public static String line(Values v) {
        return line(v, Integer.MAX_VALUE);
    }

    /**
     * The line in at most {@code width} characters (code points): fields are dropped least useful first (gaps,
     * underruns, the loop, the buffer ahead's data time, its audio time, device dropouts, the note), so the state,
     * the clock, speed and volume
     * always stay. Only a width too narrow for those four is cut further, by the view.
     */
    public static String line(Values v, int width) {
        Field[] fields = {
            new Field(KEEP, (!v.started() ? "… " : v.paused() ? "‖ " : "▶ ") + v.clock(), null),
            // Right after the clock: the line is cut to the terminal width, and the note is what just changed.
            v.note() == null ? null : new Field(6, v.note(), null),
            new Field(3, String.format(Locale.ROOT, "ahead %s data = %.1f s audio%s",
                    dataSpan(v.aheadSamples() / v.sourceRate()), v.aheadSamples() / v.samplesPerAudioSecond(),
                    v.complete() ? " (all here)" : ""), new Field(4, String.format(Locale.ROOT, "ahead %.1f s%s",
                    v.aheadSamples() / v.samplesPerAudioSecond(), v.complete() ? " (all)" : ""), null)),
            new Field(1, "underruns " + v.underruns(), null),
            v.deviceDropouts() > 0 ? new Field(5, "dropouts " + v.deviceDropouts(), null) : null,
            new Field(0, "gaps " + v.gaps(), null),
            new Field(KEEP, String.format(Locale.ROOT, "speed %sx=%.0fx", StationControls.trim(v.speed()),
                    v.speed() * v.baseSpeed()), null),
            new Field(KEEP, String.format(Locale.ROOT, "vol %.2f", v.volume()), null),
            v.loop() == null ? null : new Field(2, "loop " + v.loop(), null),
        };
        String line = join(fields);
        for (int rank = 0; rank < KEEP && line.codePointCount(0, line.length()) > width; rank++) {
            for (int i = 0; i < fields.length; i++) {
                if (fields[i] != null && fields[i].rank() == rank) {
                    fields[i] = fields[i].shorter();
                }
            }
            line = join(fields);
        }
        return line;
    }

    /**
     * Ranks fields from least useful (0, dropped first); {@link #KEEP} is never dropped. A field with a
     * {@code shorter} form is replaced by it instead (the buffer ahead keeps its audio seconds).
     */
    private record Field(int rank, String text, Field shorter) {
    }

    private static final int KEEP = 7;

    private static String join(Field[] fields) {
        StringBuilder s = new StringBuilder(128);
        for (Field f : fields) {
            if (f != null) {
                s.append(s.isEmpty() ? "" : " | ").append(f.text());
            }
        }
        return s.toString();
    }

    /** A length of data time, compact: 45s, 12m05s, 3h07m, 2d04h. */
    public static String dataSpan(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86_400, s % 86_400 / 3600);
    }
}
