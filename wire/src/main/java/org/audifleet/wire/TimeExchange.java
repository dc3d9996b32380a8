package org.audifleet.wire;

/**
 * One UDP datagram of a station's time exchange with the fleet's time service (issue 14): the station sends a
 * {@link Kind#REQUEST} stamped {@code t1} on its own clock; the service answers with a {@link Kind#REPLY} echoing
 * {@code requestId} and {@code t1} and adding {@code t2} (received) and {@code t3} (answered) on its clock. All times
 * are epoch nanoseconds. Both kinds are {@link #SIZE} bytes, so an answer is never larger than what asked for it.
 * Field table: wire/README.md, "TimeExchange".
 */
public record TimeExchange(Kind kind, long requestId, long t1, long t2, long t3) {

    static final String MAGIC = "AFTX";
    static final int VERSION = 1;

    /** Bytes of every exchange datagram, request or reply. */
    public static final int SIZE = 4 + 1 + 3 + 4 * 8;

    public enum Kind { REQUEST, REPLY }

    public TimeExchange {
        if (kind == null) {
            throw new IllegalArgumentException("kind");
        }
        if (kind == Kind.REQUEST && (t2 != 0 || t3 != 0)) {
            throw new IllegalArgumentException("a request carries no service times (t2=" + t2 + ", t3=" + t3 + ")");
        }
        if (kind == Kind.REPLY && t3 < t2) {
            throw new IllegalArgumentException("reply answered before it was received (t2=" + t2 + ", t3=" + t3
                    + ")");
        }
    }

    /** What a station sends: its request id and its clock when sending. */
    public static TimeExchange request(long requestId, long t1) {
        return new TimeExchange(Kind.REQUEST, requestId, t1, 0, 0);
    }

    /** The service's answer to this request: received at {@code t2}, answered at {@code t3}, its clock. */
    public TimeExchange reply(long t2, long t3) {
        if (kind != Kind.REQUEST) {
            throw new IllegalStateException("only a request is answered");
        }
        return new TimeExchange(Kind.REPLY, requestId, t1, t2, t3);
    }

    public byte[] encode() {
        return new WireWriter(SIZE, MAGIC, VERSION).u8(kind.ordinal()).u8(0).u8(0)
                .i64(requestId).i64(t1).i64(t2).i64(t3).toBytes();
    }

    /** Reads one datagram; anything but exactly one exchange is a {@link WireFormatException}. */
    public static TimeExchange decode(byte[] bytes) {
        if (bytes != null && bytes.length > SIZE) {
            throw new WireFormatException("TimeExchange: " + bytes.length + " bytes, an exchange is " + SIZE);
        }
        WireReader r = new WireReader(bytes, "TimeExchange", MAGIC, VERSION);
        int kind = r.u8();
        r.u8();
        r.u8();
        long id = r.i64();
        long t1 = r.i64();
        long t2 = r.i64();
        long t3 = r.i64();
        r.end();
        try {
            return new TimeExchange(ChunkRecord.enumAt(Kind.values(), kind), id, t1, t2, t3);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("TimeExchange: " + e.getMessage());
        }
    }
}
