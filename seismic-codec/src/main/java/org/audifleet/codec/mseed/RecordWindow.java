package org.audifleet.codec.mseed;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of the record being decoded: either a caller's array (no copy) or a growable buffer refilled from a
 * stream only as far as the current record needs, so records are handed out while the rest still downloads.
 */
final class RecordWindow {
    private final InputStream in;
    private byte[] buf;
    private int pos;
    private int limit;
    /** Absolute input offset of {@code buf[0]}. */
    private long base;
    private boolean eof;

    RecordWindow(byte[] bytes, int offset, int length) {
        this.in = null;
        this.buf = bytes;
        this.pos = offset;
        this.limit = offset + length;
        this.base = -offset;
        this.eof = true;
    }

    RecordWindow(InputStream in, int initialCapacity) {
        this.in = in;
        this.buf = new byte[initialCapacity];
    }

    byte[] bytes() {
        return buf;
    }

    int position() {
        return pos;
    }

    int available() {
        return limit - pos;
    }

    long offset() {
        return base + pos;
    }

    void advance(int n) {
        pos += n;
    }

    /**
     * Makes at least {@code n} bytes readable from {@link #position()} unless the input ends first.
     * May move the bytes to a new array: re-read {@link #bytes()} and {@link #position()} afterwards.
     *
     * @return bytes now readable
     */
    int fill(int n) throws IOException {
        if (limit - pos >= n || eof) {
            return limit - pos;
        }
        if (pos + n > buf.length) {
            int kept = limit - pos;
            byte[] target = n > buf.length ? new byte[Math.max(n, buf.length * 2)] : buf;
            System.arraycopy(buf, pos, target, 0, kept);
            base += pos;
            pos = 0;
            limit = kept;
            buf = target;
        }
        while (limit - pos < n) {
            int read = in.read(buf, limit, buf.length - limit);
            if (read < 0) {
                eof = true;
                break;
            }
            limit += read;
        }
        return limit - pos;
    }
}
