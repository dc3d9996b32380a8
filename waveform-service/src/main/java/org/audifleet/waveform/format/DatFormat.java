package org.audifleet.waveform.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * audiowaveform's binary {@code .dat} format, versions 1 and 2. All fields little-endian.
 *
 * <pre>
 * offset  type    field
 *  0      int32   version (2)
 *  4      uint32  flags: bit 0 set = 8-bit data, clear = 16-bit
 *  8      int32   sample rate, Hz
 * 12      int32   samples per pixel
 * 16      uint32  length: min/max pairs per channel
 * 20      int32   channels (version 2 only; version 1 is mono and its data starts at 20)
 * 24      data:   length x channels x (min, max), int8 or int16, channels interleaved per index
 * </pre>
 */
public final class DatFormat {

    static final int FLAG_8_BIT = 1;

    private DatFormat() {
    }

    /** Version 2, which the service serves (peaks.js reads both). */
    public static byte[] toBytes(WaveformData w) {
        return toBytes(w, 2);
    }

    /** Version 1 (one channel, 20-byte header) or 2. */
    public static byte[] toBytes(WaveformData w, int version) {
        if (version != 1 && version != 2 || version == 1 && w.channels() != 1) {
            throw new IllegalArgumentException("version " + version + " .dat for " + w.channels() + " channel(s)");
        }
        int width = w.bits() / 8;
        int header = version == 1 ? 20 : 24;
        ByteBuffer b = ByteBuffer.allocate(header + w.data().length * width).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(version).putInt(w.bits() == 8 ? FLAG_8_BIT : 0).putInt(w.sampleRate()).putInt(w.samplesPerPixel())
                .putInt(w.length());
        if (version == 2) {
            b.putInt(w.channels());
        }
        for (int v : w.data()) {
            if (width == 1) {
                b.put((byte) v);
            } else {
                b.putShort((short) v);
            }
        }
        return b.array();
    }

    public static void write(WaveformData w, OutputStream out) throws IOException {
        out.write(toBytes(w));
    }

    public static WaveformData read(InputStream in) throws IOException {
        return fromBytes(in.readAllBytes());
    }

    public static WaveformData fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 20) {
            throw new IllegalArgumentException("not a waveform .dat file: " + bytes.length + " bytes");
        }
        int version = b.getInt();
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("unsupported .dat version " + version);
        }
        int flags = b.getInt();
        int sampleRate = b.getInt();
        int samplesPerPixel = b.getInt();
        long length = Integer.toUnsignedLong(b.getInt());
        int channels = 1;
        if (version == 2) {
            if (bytes.length < 24) {
                throw new IllegalArgumentException("truncated version 2 header");
            }
            channels = b.getInt();
        }
        int bits = (flags & FLAG_8_BIT) != 0 ? 8 : 16;
        long values = length * channels * 2;
        if (channels < 1 || values > b.remaining() / (bits / 8)) {
            throw new IllegalArgumentException("header says " + length + " pairs x " + channels
                    + " channels but " + b.remaining() + " data bytes follow");
        }
        int[] data = new int[(int) values];
        for (int i = 0; i < data.length; i++) {
            data[i] = bits == 8 ? b.get() : b.getShort();
        }
        return new WaveformData(sampleRate, samplesPerPixel, bits, channels, (int) length, data);
    }
}
