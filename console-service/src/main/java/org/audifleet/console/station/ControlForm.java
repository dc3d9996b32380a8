package org.audifleet.console.station;

import java.util.Locale;
import java.util.UUID;
import org.audifleet.wire.PlaybackControl;
import org.audifleet.wire.PlaybackControl.Position;

/**
 * A control as the page posts it, in the page's words: times in data seconds from the session window's start. Turned
 * into the one wire form ({@link PlaybackControl}), so stations see the same controls {@code player-agent control}
 * sends. Anything it cannot turn into a control is an {@link IllegalArgumentException} saying why.
 *
 * @param command seek, loop, clear-loop, speed, volume, pause, resume, stop, high-pass, dc, normalize
 * @param session the session it is for, or null for whatever the station plays
 */
record ControlForm(String command, UUID session, Double at, Double from, Double to, Double value, String mode,
        Boolean on) {

    PlaybackControl.Command toCommand() {
        if (command == null) {
            throw new IllegalArgumentException("a control needs a command");
        }
        return switch (command.toLowerCase(Locale.ROOT)) {
            case "seek" -> new PlaybackControl.SeekTime(position(need(at, "at")));
            case "loop" -> new PlaybackControl.LoopTime(position(need(from, "from")), position(need(to, "to")));
            case "clear-loop" -> new PlaybackControl.ClearLoop();
            case "speed" -> new PlaybackControl.Speed(positive(need(value, "value"), "speed"));
            case "volume" -> new PlaybackControl.Volume(need(value, "value"));
            case "pause" -> new PlaybackControl.Pause();
            case "resume" -> new PlaybackControl.Resume();
            case "stop" -> new PlaybackControl.Stop();
            case "high-pass" -> new PlaybackControl.HighPass(need(value, "value"));
            case "dc" -> new PlaybackControl.Dc(dcMode(mode));
            case "normalize" -> new PlaybackControl.Normalize(needFlag(on));
            default -> throw new IllegalArgumentException("unknown command '" + command + "' (seek, loop, clear-loop,"
                    + " speed, volume, pause, resume, stop, high-pass, dc, normalize)");
        };
    }

    PlaybackControl toControl(String station, long issuedAtMicros) {
        return new PlaybackControl(session == null ? PlaybackControl.ANY_SESSION : session, station, issuedAtMicros,
                toCommand());
    }

    private Position position(double seconds) {
        if (seconds < 0 || !Double.isFinite(seconds)) {
            throw new IllegalArgumentException(command + ": " + seconds + " s is not a time in the session");
        }
        return new Position(false, Math.round(seconds * 1e6));
    }

    private double need(Double v, String field) {
        if (v == null || !Double.isFinite(v)) {
            throw new IllegalArgumentException(command + " needs a number '" + field + "'");
        }
        return v;
    }

    private static double positive(double v, String what) {
        if (!(v > 0)) {
            throw new IllegalArgumentException(what + " must be positive, got " + v);
        }
        return v;
    }

    private boolean needFlag(Boolean v) {
        if (v == null) {
            throw new IllegalArgumentException(command + " needs 'on': true or false");
        }
        return v;
    }

    private PlaybackControl.DcMode dcMode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("dc needs 'mode': off, mean or linear");
        }
        try {
            return PlaybackControl.DcMode.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("dc mode '" + text + "' is not off, mean or linear");
        }
    }
}
