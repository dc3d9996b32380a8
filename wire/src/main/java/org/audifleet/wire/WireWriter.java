package org.audifleet.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Writes the common header and field types of every payload; little-endian throughout. */
final class WireWriter {

    private final ByteBuffer buffer;

    WireWriter(int capacity, String magic, int version) {
        buffer = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(magic.getBytes(StandardCharsets.US_ASCII)).put((byte) version);
    }

    static int stringSize(String s) {
        return 2 + s.getBytes(StandardCharsets.UTF_8).length;
    }

    WireWriter u8(int v) {
        buffer.put((byte) v);
        return this;
    }

    WireWriter u16(int v) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException(v + " does not fit in a u16");
        }
        buffer.putShort((short) v);
        return this;
    }

    WireWriter i32(int v) {
        buffer.putInt(v);
        return this;
    }

    WireWriter i64(long v) {
        buffer.putLong(v);
        return this;
    }

    WireWriter f64(double v) {
        buffer.putDouble(v);
        return this;
    }

    WireWriter uuid(UUID id) {
        return i64(id.getMostSignificantBits()).i64(id.getLeastSignificantBits());
    }

    WireWriter string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xffff) {
            throw new IllegalArgumentException("string of " + b.length + " bytes is too long for the wire");
        }
        buffer.putShort((short) b.length).put(b);
        return this;
    }

    WireWriter bytes(byte[] b) {
        buffer.put(b);
        return this;
    }

    WireWriter ints(int[] values, int offset, int count) {
        buffer.asIntBuffer().put(values, offset, count);
        buffer.position(buffer.position() + count * 4);
        return this;
    }

    byte[] toBytes() {
        if (buffer.hasRemaining()) {
            throw new IllegalStateException("size computed wrong: " + buffer.remaining() + " bytes unused");
        }
        return buffer.array();
    }
}
