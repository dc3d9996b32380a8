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

    public static String line(Values v) {
        StringBuilder s = new StringBuilder(128);
        s.append(!v.started() ? "… " : v.paused() ? "‖ " : "▶ ").append(v.clock());
        if (v.note() != null) {
            // Right after the clock: the line is cut to the terminal width, and the note is what just changed.
            s.append(" | ").append(v.note());
        }
        s.append(String.format(Locale.ROOT, " | ahead %s data = %.1f s audio%s", dataSpan(v.aheadSamples() / v.sourceRate()),
                v.aheadSamples() / v.samplesPerAudioSecond(), v.complete() ? " (all here)" : ""));
        s.append(" | underruns ").append(v.underruns());
        if (v.deviceDropouts() > 0) {
            s.append(" | dropouts ").append(v.deviceDropouts());
        }
        s.append(" | gaps ").append(v.gaps());
        s.append(String.format(Locale.ROOT, " | speed %sx=%.0fx | vol %.2f", StationControls.trim(v.speed()),
                v.speed() * v.baseSpeed(), v.volume()));
        if (v.loop() != null) {
            s.append(" | loop ").append(v.loop());
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
