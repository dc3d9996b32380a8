package org.audifleet.wire;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Reads the common header and field types of every payload; little-endian throughout. */
final class WireReader {

    private final ByteBuffer buffer;
    private final String type;
    private final int version;

    WireReader(byte[] bytes, String type, String magic, int version) {
        this(bytes, type, magic, version, version);
    }

    /** Accepts versions {@code oldest..newest}; {@link #version()} says which one the record is. */
    WireReader(byte[] bytes, String type, String magic, int oldest, int newest) {
        if (bytes == null) {
            throw new WireFormatException(type + ": null payload");
        }
        this.buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.type = type;
        if (bytes.length < 8) {
            throw new WireFormatException(type + ": " + bytes.length + " bytes is shorter than a header");
        }
        byte[] m = new byte[4];
        buffer.get(m);
        if (!magic.equals(new String(m, StandardCharsets.US_ASCII))) {
            throw new WireFormatException(type + ": magic is not " + magic);
        }
        int v = u8();
        if (v < oldest || v > newest) {
            throw new WireFormatException(type + ": version " + v + " (this build reads "
                    + (oldest == newest ? String.valueOf(newest) : oldest + " to " + newest) + ")");
        }
        this.version = v;
    }

    /** The record's version byte. */
    int version() {
        return version;
    }

    int u8() {
        return get(() -> buffer.get() & 0xff);
    }

    int u16() {
        return get(() -> buffer.getShort() & 0xffff);
    }

    int i32() {
        return get(buffer::getInt);
    }

    long i64() {
        return get(buffer::getLong);
    }

    double f64() {
        return get(buffer::getDouble);
    }

    UUID uuid() {
        long msb = i64();
        long lsb = i64();
        return new UUID(msb, lsb);
    }

    String string() {
        int length = get(() -> buffer.getShort() & 0xffff);
        return new String(bytes(length), StandardCharsets.UTF_8);
    }

    byte[] bytes(int length) {
        if (length < 0 || length > buffer.remaining()) {
            throw new WireFormatException(type + ": field of " + length + " bytes at offset " + buffer.position()
                    + " runs past the end (" + buffer.limit() + " bytes)");
        }
        byte[] out = new byte[length];
        buffer.get(out);
        return out;
    }

    int[] ints(int count) {
        if (count < 0 || (long) count * 4 > buffer.remaining()) {
            throw new WireFormatException(type + ": " + count + " samples at offset " + buffer.position()
                    + " run past the end (" + buffer.limit() + " bytes)");
        }
        int[] out = new int[count];
        buffer.asIntBuffer().get(out);
        buffer.position(buffer.position() + count * 4);
        return out;
    }

    void end() {
        if (buffer.hasRemaining()) {
            throw new WireFormatException(type + ": " + buffer.remaining() + " trailing bytes");
        }
    }

    private <T> T get(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (BufferUnderflowException e) {
            throw new WireFormatException(type + ": truncated at offset " + buffer.position());
        }
    }
}
