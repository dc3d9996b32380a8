package org.audifleet.wire;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A station asks for a window of one stream from a named origin. Published on
 * {@link Topics#PLAYBACK_REQUESTS}; the player picks the session id.
 *
 * @param requestedAtMicros wall clock (epoch µs) when the station sent it, for time-to-first-audio tracing
 */
public record PlaybackRequest(UUID sessionId, String origin, StreamId stream, long startMicros, long endMicros,
        long requestedAtMicros) {

    static final String MAGIC = "AFPR";
    static final int VERSION = 1;

    public PlaybackRequest {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(stream, "stream");
        if (endMicros <= startMicros) {
            throw new IllegalArgumentException("window end " + endMicros + " is not after start " + startMicros);
        }
    }

    public Instant start() {
        return Micros.toInstant(startMicros);
    }

    public Instant end() {
        return Micros.toInstant(endMicros);
    }

    public byte[] encode() {
        String streamText = stream.toString();
        int size = 5 + 16 + WireWriter.stringSize(origin) + WireWriter.stringSize(streamText) + 24;
        return new WireWriter(size, MAGIC, VERSION).uuid(sessionId).string(origin).string(streamText)
                .i64(startMicros).i64(endMicros).i64(requestedAtMicros).toBytes();
    }

    public static PlaybackRequest decode(byte[] bytes) {
        WireReader r = new WireReader(bytes, "PlaybackRequest", MAGIC, VERSION);
        UUID session = r.uuid();
        String origin = r.string();
        String stream = r.string();
        long start = r.i64();
        long end = r.i64();
        long requestedAt = r.i64();
        r.end();
        try {
            return new PlaybackRequest(session, origin, StreamId.parse(stream), start, end, requestedAt);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("PlaybackRequest: " + e.getMessage());
        }
    }
}
