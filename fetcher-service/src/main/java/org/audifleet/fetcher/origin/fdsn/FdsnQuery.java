package org.audifleet.fetcher.origin.fdsn;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import org.audifleet.wire.Micros;
import org.audifleet.wire.StreamId;

/**
 * One fdsnws-dataselect 1 query for one stream and time window, as a path relative to the service's base URL:
 * {@code fdsnws/dataselect/1/query?net=XX&sta=DEMO&loc=--&cha=HHZ&start=...&end=...&format=miniseed&nodata=404}.
 *
 * <p>A blank location is sent as {@code --} (the spec's spelling of "empty"); times are UTC with microseconds and
 * no zone letter ({@code 2024-01-01T00:10:00.000000}); {@code nodata=404} makes "nothing there" a 404, which the
 * transport already treats as no data (204 would be too). The codes are plain {@code [A-Z0-9]}, so nothing needs
 * escaping.
 */
record FdsnQuery(StreamId stream, long startMicros, long endMicros) {

    static final String PATH = "fdsnws/dataselect/1/query";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS")
            .withZone(ZoneOffset.UTC);

    FdsnQuery {
        if (endMicros <= startMicros) {
            throw new IllegalArgumentException("empty window " + startMicros + ".." + endMicros);
        }
    }

    String path() {
        return PATH + "?net=" + stream.network() + "&sta=" + stream.station() + "&loc="
                + (stream.location().isEmpty() ? "--" : stream.location()) + "&cha=" + stream.channel() + "&start="
                + TIME.format(Micros.toInstant(startMicros)) + "&end=" + TIME.format(Micros.toInstant(endMicros))
                + "&format=miniseed&nodata=404";
    }

    /** The query a {@link #path()} was made from (the origin gets only the path back with a planned chunk). */
    static FdsnQuery parse(String path) {
        int q = path.indexOf('?');
        if (q < 0 || !path.substring(0, q).equals(PATH)) {
            throw new IllegalArgumentException("not a dataselect query path: " + path);
        }
        Map<String, String> params = new HashMap<>();
        for (String pair : path.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        String loc = params.get("loc");
        StreamId stream = new StreamId(params.get("net"), params.get("sta"), "--".equals(loc) ? "" : loc,
                params.get("cha"));
        return new FdsnQuery(stream, micros(params.get("start")), micros(params.get("end")));
    }

    private static long micros(String time) {
        return Micros.of(java.time.LocalDateTime.parse(time).toInstant(ZoneOffset.UTC));
    }

    /** The two halves of the window (for a service that refuses the whole with 413). */
    FdsnQuery[] halves() {
        long mid = startMicros + (endMicros - startMicros) / 2;
        return new FdsnQuery[] {new FdsnQuery(stream, startMicros, mid), new FdsnQuery(stream, mid, endMicros)};
    }

    long lengthMicros() {
        return endMicros - startMicros;
    }
}
