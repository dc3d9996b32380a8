package org.audifleet.wire;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Wall-clock times (epoch µs) a session's first records picked up on their way through the fleet,
 * carried as Kafka headers {@code audifleet-t-<hop>} and copied from record to record, so a station
 * can say where its time to first audio went. One machine's clock, or NTP-synced ones, make them
 * comparable; they are diagnostics, never used for ordering.
 */
public final class HopTimes {

    public static final String PREFIX = "audifleet-t-";
    /** The station sent the request (also {@link PlaybackRequest#requestedAtMicros()}). */
    public static final String REQUEST_SENT = "request-sent";
    public static final String FETCHER_RECEIVED = "fetcher-received";
    public static final String ORIGIN_ANSWERED = "origin-answered";
    public static final String CHUNK_PUBLISHED = "chunk-published";
    public static final String DECODER_RECEIVED = "decoder-received";
    public static final String BLOCK_PUBLISHED = "block-published";

    private HopTimes() {
    }

    public static void stamp(Headers headers, String hop, long epochMicros) {
        headers.remove(PREFIX + hop);
        headers.add(PREFIX + hop, ByteBuffer.allocate(8).putLong(epochMicros).array());
    }

    public static void stampNow(Headers headers, String hop) {
        stamp(headers, hop, Micros.now());
    }

    /** Copies every hop time from one record's headers to another's. */
    public static void copy(Headers from, Headers to) {
        for (Header h : from) {
            if (h.key().startsWith(PREFIX)) {
                to.remove(h.key());
                to.add(h.key(), h.value());
            }
        }
    }

    /** The hop times in a record's headers, in the order they were stamped. */
    public static Map<String, Long> read(Headers headers) {
        Map<String, Long> times = new LinkedHashMap<>();
        for (Header h : headers) {
            if (h.key().startsWith(PREFIX) && h.value() != null && h.value().length == 8) {
                times.put(h.key().substring(PREFIX.length()), ByteBuffer.wrap(h.value()).getLong());
            }
        }
        return times;
    }
}
