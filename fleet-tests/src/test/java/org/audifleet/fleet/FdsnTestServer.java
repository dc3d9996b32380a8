package org.audifleet.fleet;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.audifleet.wire.Micros;
import org.audifleet.wire.StreamId;

/**
 * A loopback fdsnws-dataselect service for one synthetic 100 Hz stream, answering
 * {@code /fdsnws/dataselect/1/query?net=..&sta=..&loc=..&cha=..&start=..&end=..} with miniSEED 2 records it writes
 * on the fly: 512-byte big-endian records of {@value #RECORD_SAMPLES} samples (1 s), int32 encoded, the record
 * grid starting at {@code dataStart}. Like real services it answers with whole records, one more on each side of
 * the window, and it can leave records out (a gap in the archive), send a chosen record as Steim1 with a broken
 * integration constant (a corrupt record), and answer a window with every record twice in reverse order.
 */
final class FdsnTestServer implements AutoCloseable {

    static final int RECORD_SAMPLES = 100;
    static final double RATE = 100.0;

    private final HttpServer server;
    private final StreamId stream;
    private final long dataStartMicros;
    private final int[] samples;
    private final Set<Integer> missingRecords;
    private final int corruptRecord;
    private final long shuffledFromMicros;
    final List<String> queries = new CopyOnWriteArrayList<>();

    /**
     * @param samples            the stream from {@code dataStart}, one per 10 ms
     * @param missingRecords     record indices the archive does not have
     * @param corruptRecord      record index sent as a damaged Steim1 record (-1: none)
     * @param shuffledFromMicros windows starting at or after this come duplicated and in reverse order
     */
    FdsnTestServer(StreamId stream, long dataStartMicros, int[] samples, Set<Integer> missingRecords,
            int corruptRecord, long shuffledFromMicros) throws IOException {
        this.stream = stream;
        this.dataStartMicros = dataStartMicros;
        this.samples = samples;
        this.missingRecords = missingRecords;
        this.corruptRecord = corruptRecord;
        this.shuffledFromMicros = shuffledFromMicros;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fdsnws/dataselect/1/query", exchange -> {
            queries.add(exchange.getRequestURI().toString());
            byte[] body = answer(params(exchange.getRequestURI().getRawQuery()));
            if (body == null) {
                exchange.sendResponseHeaders(400, -1);
            } else if (body.length == 0) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().add("Content-Type", "application/vnd.fdsn.mseed");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static Map<String, String> params(String query) {
        Map<String, String> p = new HashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            p.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return p;
    }

    /** The records for a query; null for a malformed one, empty when there is no data. */
    private byte[] answer(Map<String, String> p) {
        String loc = "--".equals(p.get("loc")) ? "" : p.get("loc");
        if (!"miniseed".equals(p.get("format")) || !"404".equals(p.get("nodata")) || p.get("start") == null) {
            return null;
        }
        if (!stream.equals(new StreamId(p.get("net"), p.get("sta"), loc, p.get("cha")))) {
            return new byte[0];
        }
        long start = micros(p.get("start"));
        long end = micros(p.get("end"));
        long recordMicros = RECORD_SAMPLES * 10_000L;
        int first = (int) Math.max(0, Math.floorDiv(start - dataStartMicros, recordMicros) - 1);
        int last = (int) Math.min(samples.length / RECORD_SAMPLES - 1,
                Math.floorDiv(end - 1 - dataStartMicros, recordMicros) + 1);
        List<byte[]> records = new ArrayList<>();
        for (int r = first; r <= last; r++) {
            if (!missingRecords.contains(r)) {
                records.add(record(r, r == corruptRecord));
            }
        }
        if (start >= shuffledFromMicros) {
            List<byte[]> twice = new ArrayList<>(records);
            twice.addAll(records);
            Collections.reverse(twice);
            records = twice;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        records.forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static long micros(String time) {
        return Micros.of(LocalDateTime.parse(time).toInstant(ZoneOffset.UTC));
    }

    /** One 512-byte miniSEED 2 record: fixed header, blockette 1000, then the samples from offset 64. */
    private byte[] record(int index, boolean corrupt) {
        ByteBuffer b = ByteBuffer.allocate(512);
        LocalDateTime t = LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC)
                .plusNanos((dataStartMicros + index * RECORD_SAMPLES * 10_000L) * 1000);
        b.put(String.format("%06dD ", index % 1_000_000).getBytes(StandardCharsets.US_ASCII));
        b.put(padded(stream.station(), 5)).put(padded(stream.location(), 2)).put(padded(stream.channel(), 3))
                .put(padded(stream.network(), 2));
        b.putShort((short) t.getYear()).putShort((short) t.getDayOfYear()).put((byte) t.getHour())
                .put((byte) t.getMinute()).put((byte) t.getSecond()).put((byte) 0)
                .putShort((short) (t.getNano() / 100_000));
        b.putShort((short) RECORD_SAMPLES).putShort((short) RATE).putShort((short) 1);
        b.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 1).putInt(0).putShort((short) 64).putShort((short) 48);
        b.putShort((short) 1000).putShort((short) 0).put((byte) (corrupt ? 10 : 3)).put((byte) 1).put((byte) 9)
                .put((byte) 0);
        b.position(64);
        int from = index * RECORD_SAMPLES;
        if (!corrupt) {
            for (int i = 0; i < RECORD_SAMPLES; i++) {
                b.putInt(samples[from + i]);
            }
        } else {
            // Steim1, every difference a full 32-bit word (nibble 3); frame 0 holds X0 and Xn in words 1 and 2.
            int diff = 0;
            for (int frame = 0; frame < 7; frame++) {
                int nibbles = 0;
                int base = b.position();
                b.putInt(0);
                if (frame == 0) {
                    b.putInt(samples[from]);
                    // Xn off by one: the decoder's integrity check must refuse the record.
                    b.putInt(samples[from + RECORD_SAMPLES - 1] + 1);
                }
                for (int w = frame == 0 ? 3 : 1; w < 16; w++) {
                    if (diff < RECORD_SAMPLES) {
                        b.putInt(diff == 0 ? 0 : samples[from + diff] - samples[from + diff - 1]);
                        nibbles |= 3 << (30 - 2 * w);
                        diff++;
                    } else {
                        b.putInt(0);
                    }
                }
                b.putInt(base, nibbles);
            }
        }
        return b.array();
    }

    private static byte[] padded(String code, int length) {
        return String.format("%-" + length + "s", code).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
