package org.audifleet.time.exchange;

import java.nio.ByteBuffer;
import org.audifleet.wire.TimeExchange;
import org.audifleet.wire.WireFormatException;

/**
 * What one received datagram is: a station's request to answer, or the reason it is dropped unanswered. Plain Java,
 * so every hostile input is tested without a socket ({@code IncomingTests}, {@code IncomingFuzzTests}).
 *
 * @param request the request, when it is one
 * @param drop    why not, otherwise
 */
record Incoming(TimeExchange request, Drop drop) {

    /**
     * Reads the datagram between {@code datagram}'s position and limit. A receive buffer of one byte more than an
     * exchange tells an oversized datagram (the channel silently cuts what does not fit) from a whole one.
     */
    static Incoming of(ByteBuffer datagram) {
        if (datagram.remaining() != TimeExchange.SIZE) {
            return new Incoming(null, Drop.SIZE);
        }
        byte[] bytes = new byte[TimeExchange.SIZE];
        datagram.get(bytes);
        TimeExchange exchange;
        try {
            exchange = TimeExchange.decode(bytes);
        } catch (WireFormatException e) {
            return new Incoming(null, Drop.FORMAT);
        }
        return exchange.kind() == TimeExchange.Kind.REQUEST ? new Incoming(exchange, null)
                : new Incoming(null, Drop.NOT_A_REQUEST);
    }

    /** The answer to {@link #request()}: received at {@code t2}, sent at {@code t3} (a clock stepped back: t2). */
    byte[] reply(long t2, long t3) {
        return request.reply(t2, Math.max(t2, t3)).encode();
    }
}
