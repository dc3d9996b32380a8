package org.audifleet.console.station;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackControl;
import org.audifleet.wire.StreamId;

/**
 * A session the page starts on a station: {@code [start, end)} of {@code stream} from {@code origin}, ISO-8601 UTC,
 * at {@code speed} (null: the console's default audification).
 */
record PlayForm(String origin, String stream, String start, String end, Double speed) {

    PlaybackControl toControl(String station, UUID session, double defaultSpeed, long issuedAtMicros) {
        if (origin == null || origin.isBlank()) {
            throw new IllegalArgumentException("play needs an 'origin'");
        }
        if (stream == null) {
            throw new IllegalArgumentException("play needs a 'stream' (NET.STA.LOC.CHA)");
        }
        return new PlaybackControl(session, station, issuedAtMicros, new PlaybackControl.Play(origin,
                StreamId.parse(stream), micros(start, "start"), micros(end, "end"),
                speed == null ? defaultSpeed : speed));
    }

    private static long micros(String text, String field) {
        if (text == null) {
            throw new IllegalArgumentException("play needs '" + field + "' (ISO-8601 UTC)");
        }
        try {
            return Micros.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " '" + text + "' is not an ISO-8601 UTC instant");
        }
    }
}
