package org.audifleet.codec.mseed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streaming miniSEED 2 / 3 reader: detects the format of each record, decodes it and hands it to a
 * {@link RecordHandler} before reading the next one.
 *
 * <p>Record lengths: v3 from the header's field lengths; v2 from blockette 1000, or, when a record has none,
 * the first power of two from 128 to 65536 bytes at which another record header starts (or the input ends).
 *
 * <p>Errors stop reading with a {@link MseedFormatException} carrying the byte offset; records before it have
 * already been delivered. Oddities libmseed only warns about (broken blockette chains, missing blockette 1000)
 * go to the warning consumer. A reader instance reuses a scratch buffer: use one per thread.
 */
public final class MseedReader {
    private static final int STREAM_BUFFER = 64 * 1024;
    /** Largest miniSEED 3 record accepted (libmseed's limit too): a damaged length field must not allocate GiBs. */
    static final int MAX_V3_RECORD = 10 * 1024 * 1024;

    private final Consumer<String> warnings;
    private final Payload payload;
    private final int[] needMore = new int[1];

    /** Strict reader: Steim integrity failures are errors, warnings are dropped. */
    public MseedReader() {
        this(IntegrityPolicy.FAIL, warning -> { });
    }

    /**
     * @param integrity what a Steim first/last value (X0/Xn) mismatch does
     * @param warnings  receives one line per non-fatal oddity, prefixed with the source id and byte offset
     */
    public MseedReader(IntegrityPolicy integrity, Consumer<String> warnings) {
        this.warnings = warnings;
        this.payload = new Payload(integrity, warnings);
    }

    /** Decodes every record of a stream with a strict reader; does not close the stream. */
    public static void read(InputStream in, RecordHandler handler) throws IOException {
        new MseedReader().readAll(in, handler);
    }

    /** Decodes every record of an array with a strict reader. */
    public static void read(byte[] bytes, RecordHandler handler) throws MseedFormatException {
        new MseedReader().readAll(bytes, 0, bytes.length, handler);
    }

    /** Decodes the records between the buffer's position and limit with a strict reader; the position is unchanged. */
    public static void read(ByteBuffer buffer, RecordHandler handler) throws MseedFormatException {
        new MseedReader().readAll(buffer, handler);
    }

    /** Decodes every record of an array into a list (small inputs, tests). */
    public static List<MseedRecord> readAll(byte[] bytes) throws MseedFormatException {
        List<MseedRecord> records = new ArrayList<>();
        read(bytes, records::add);
        return records;
    }

    public void readAll(InputStream in, RecordHandler handler) throws IOException {
        run(new RecordWindow(in, STREAM_BUFFER), handler);
    }

    public void readAll(byte[] bytes, int offset, int length, RecordHandler handler) throws MseedFormatException {
        try {
            run(new RecordWindow(bytes, offset, length), handler);
        } catch (MseedFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("array input cannot fail to read", e);
        }
    }

    public void readAll(ByteBuffer buffer, RecordHandler handler) throws MseedFormatException {
        if (buffer.hasArray()) {
            readAll(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining(), handler);
        } else {
            byte[] copy = new byte[buffer.remaining()];
            buffer.duplicate().get(copy);
            readAll(copy, 0, copy.length, handler);
        }
    }

    private void run(RecordWindow w, RecordHandler handler) throws IOException {
        while (true) {
            int available = w.fill(Mseed2.FIXED_HEADER);
            if (available == 0) {
                return;
            }
            long offset = w.offset();
            int length;
            MseedRecord record;
            if (Mseed3.looksLikeHeader(w.bytes(), w.position(), available)) {
                if (available < Mseed3.FIXED_HEADER) {
                    throw truncated(offset, Mseed3.FIXED_HEADER, available);
                }
                long declared = Mseed3.recordLength(w.bytes(), w.position());
                if (declared > MAX_V3_RECORD) {
                    throw new MseedFormatException(offset, "miniSEED 3 record length " + declared
                            + " exceeds the " + MAX_V3_RECORD + "-byte limit");
                }
                length = (int) declared;
                available = w.fill(length);
                if (available < length) {
                    throw truncated(offset, length, available);
                }
                record = Mseed3.decode(w.bytes(), w.position(), length, offset, payload);
            } else if (available >= Mseed2.FIXED_HEADER && Mseed2.looksLikeHeader(w.bytes(), w.position())) {
                length = v2Length(w, offset);
                available = w.fill(length);
                if (available < length) {
                    throw truncated(offset, length, available);
                }
                record = Mseed2.decode(w.bytes(), w.position(), length, offset, payload, warnings);
            } else if (available < Mseed2.FIXED_HEADER) {
                throw new MseedFormatException(offset, "truncated record: " + available
                        + " trailing bytes, shorter than any miniSEED header");
            } else {
                throw new MseedFormatException(offset, "not a miniSEED 2 or 3 record header");
            }
            handler.onRecord(record);
            w.advance(length);
        }
    }

    private int v2Length(RecordWindow w, long offset) throws IOException {
        int available = w.fill(256);
        while (true) {
            int length = Mseed2.lengthFromBlockette1000(w.bytes(), w.position(), available, needMore);
            if (length > 0) {
                return length;
            }
            if (needMore[0] == 0 || needMore[0] <= available) {
                break;
            }
            int more = w.fill(needMore[0]);
            if (more < needMore[0]) {
                break;
            }
            available = more;
        }
        // No blockette 1000: the record ends where the next header starts, or with the input.
        for (int length = Mseed2.MIN_RECORD; length <= Mseed2.MAX_SEARCHED_RECORD; length <<= 1) {
            available = w.fill(length + Mseed2.FIXED_HEADER);
            if (available == length) {
                return length;
            }
            if (available < length) {
                break;
            }
            byte[] b = w.bytes();
            int next = w.position() + length;
            if (available >= length + Mseed2.FIXED_HEADER
                    && (Mseed2.looksLikeHeader(b, next) || Mseed3.looksLikeHeader(b, next, available - length))) {
                return length;
            }
        }
        throw new MseedFormatException(offset, "record length unknown: no blockette 1000 and no following record"
                + " header at any power-of-two length up to " + Mseed2.MAX_SEARCHED_RECORD);
    }

    private static MseedFormatException truncated(long offset, long needed, int available) {
        return new MseedFormatException(offset, "truncated record: needs " + needed + " bytes, input has "
                + available);
    }
}
