package org.audifleet.wire;

import java.util.Objects;
import java.util.UUID;

/**
 * What became of a station's request, told by the fetcher on {@link Topics#PLAYBACK_STATUS} keyed by the session
 * id: received with how long planning may take, then accepted with its plan or rejected with a reason, and later
 * news of chunks that became gaps. A station reads it to answer its user in a second instead of waiting out its
 * first-audio timeout.
 *
 * @param issuedAtMicros fetcher wall clock when it decided, epoch µs
 */
public record PlaybackStatus(UUID sessionId, long issuedAtMicros, Event event) {

    static final String MAGIC = "AFPS";
    static final int VERSION = 1;

    public PlaybackStatus {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(event, "event");
    }

    /** The record key: the session, like every other topic's. */
    public String key() {
        return sessionId.toString();
    }

    /** Wire codes of the events, in field-table order: a new kind is appended, so older codes keep their meaning. */
    public enum Kind {
        ACCEPTED, REJECTED, CHUNK_GAP, NO_DATA, RECEIVED
    }

    /** Why a request was not served; wire codes in field-table order. */
    public enum Reason {
        UNKNOWN_ORIGIN, WINDOW_TOO_LONG, WINDOW_OUTSIDE_DATA, STREAM_UNKNOWN, BAD_REQUEST,
        /** Planning did not finish within the fetcher's planning deadline; nothing was published. */
        PLANNING_TOO_SLOW,
        /** The origin failed what planning needs (a manifest, an FDSN first chunk) through its own retries. */
        PLANNING_FAILED,
        /** The fetcher gave up on the request after its retries (the text is the last failure). */
        FETCH_FAILED
    }

    /** Why a chunk became a gap; wire codes in field-table order. */
    public enum GapCause {
        /** The origin did not deliver after its retries (timeout, refused, 5xx, unreadable answer). */
        ORIGIN_FAILED,
        /** The origin has nothing for the chunk (no file in the store's manifest, HTTP 204/404). */
        NO_DATA
    }

    /** One piece of news about the session; each kind carries only its own fields. */
    public sealed interface Event permits Received, Accepted, Rejected, ChunkGap, NoData {
        Kind kind();
    }

    /**
     * The fetcher took the request and is planning it: ACCEPTED or REJECTED follows within {@code planningMillis}
     * (its {@code audifleet.fetch.max-planning-time}), so a station knows a slow plan from a missing fetcher.
     */
    public record Received(long planningMillis) implements Event {
        public Received {
            if (planningMillis < 1) {
                throw new IllegalArgumentException("a planning deadline is at least 1 ms, got " + planningMillis);
            }
        }

        @Override
        public Kind kind() {
            return Kind.RECEIVED;
        }
    }

    /**
     * The fetcher planned the session and is fetching it.
     *
     * @param sampleRate Hz, or 0 when the origin does not know it before the data (the blocks then say)
     */
    public record Accepted(int chunkCount, long startMicros, long endMicros, double sampleRate) implements Event {
        public Accepted {
            if (chunkCount < 1) {
                throw new IllegalArgumentException("an accepted session has chunks, got " + chunkCount);
            }
            if (endMicros <= startMicros) {
                throw new IllegalArgumentException("window end " + endMicros + " is not after start " + startMicros);
            }
            if (!(sampleRate >= 0) || Double.isInfinite(sampleRate)) {
                throw new IllegalArgumentException("sample rate must be 0 (unknown) or positive, got " + sampleRate);
            }
        }

        @Override
        public Kind kind() {
            return Kind.ACCEPTED;
        }
    }

    /** The fetcher will publish nothing for the session; {@code text} says what and why, for people. */
    public record Rejected(Reason reason, String text) implements Event {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public Kind kind() {
            return Kind.REJECTED;
        }
    }

    /**
     * Chunk {@code chunkIndex} was published as a gap (silence of its length).
     *
     * @param source the URL or path asked for
     * @param text   why, as the origin or the store said it
     */
    public record ChunkGap(int chunkIndex, int chunkCount, GapCause cause, String source, String text)
            implements Event {
        public ChunkGap {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(text, "text");
            if (chunkIndex < 0 || chunkIndex >= chunkCount) {
                throw new IllegalArgumentException("chunk " + chunkIndex + " of " + chunkCount);
            }
        }

        @Override
        public Kind kind() {
            return Kind.CHUNK_GAP;
        }
    }

    /** Final: every one of the session's {@code chunkCount} chunks was a gap because the origin had no data. */
    public record NoData(int chunkCount, String text) implements Event {
        public NoData {
            Objects.requireNonNull(text, "text");
            if (chunkCount < 1) {
                throw new IllegalArgumentException("a session without data still had chunks, got " + chunkCount);
            }
        }

        @Override
        public Kind kind() {
            return Kind.NO_DATA;
        }
    }

    public byte[] encode() {
        int size = 5 + 1 + 16 + 8 + eventSize();
        WireWriter w = new WireWriter(size, MAGIC, VERSION).u8(event.kind().ordinal()).uuid(sessionId)
                .i64(issuedAtMicros);
        if (event instanceof Received v) {
            w.i64(v.planningMillis());
        } else if (event instanceof Accepted a) {
            w.i32(a.chunkCount()).i64(a.startMicros()).i64(a.endMicros()).f64(a.sampleRate());
        } else if (event instanceof Rejected r) {
            w.u8(r.reason().ordinal()).string(r.text());
        } else if (event instanceof ChunkGap g) {
            w.i32(g.chunkIndex()).i32(g.chunkCount()).u8(g.cause().ordinal()).string(g.source()).string(g.text());
        } else if (event instanceof NoData n) {
            w.i32(n.chunkCount()).string(n.text());
        }
        return w.toBytes();
    }

    private int eventSize() {
        if (event instanceof Received) {
            return 8;
        } else if (event instanceof Accepted) {
            return 4 + 8 + 8 + 8;
        } else if (event instanceof Rejected r) {
            return 1 + WireWriter.stringSize(r.text());
        } else if (event instanceof ChunkGap g) {
            return 4 + 4 + 1 + WireWriter.stringSize(g.source()) + WireWriter.stringSize(g.text());
        }
        return 4 + WireWriter.stringSize(((NoData) event).text());
    }

    public static PlaybackStatus decode(byte[] bytes) {
        WireReader r = new WireReader(bytes, "PlaybackStatus", MAGIC, VERSION);
        int code = r.u8();
        UUID session = r.uuid();
        long issuedAt = r.i64();
        try {
            Event event = switch (ChunkRecord.enumAt(Kind.values(), code)) {
                case ACCEPTED -> new Accepted(r.i32(), r.i64(), r.i64(), r.f64());
                case REJECTED -> new Rejected(ChunkRecord.enumAt(Reason.values(), r.u8()), r.string());
                case CHUNK_GAP -> new ChunkGap(r.i32(), r.i32(), ChunkRecord.enumAt(GapCause.values(), r.u8()),
                        r.string(), r.string());
                case NO_DATA -> new NoData(r.i32(), r.string());
                case RECEIVED -> new Received(r.i64());
            };
            r.end();
            return new PlaybackStatus(session, issuedAt, event);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("PlaybackStatus: " + e.getMessage());
        }
    }
}
