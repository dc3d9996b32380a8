package org.audifleet.waveform.format;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.audifleet.waveform.pyramid.Buckets;

/**
 * Writes a {@code .dat} or JSON waveform as its buckets become final, so an input of any length is written
 * through a buffer of fixed size. The header, {@code length} included, is written first (both formats
 * put it before the data), so the caller says up front how many pairs follow; {@link #close()} fails if
 * another number came. The bytes are those of {@link DatFormat} and {@link JsonFormat} for the same data, except
 * that JSON ends with a newline, as audiowaveform's does.
 */
public final class WaveformWriter implements Closeable {

    private static final int BUFFER = 1 << 16;

    private final OutputStream out;
    private final boolean json;
    private final int bits;
    private final int channels;
    private final long length;
    private final byte[] buffer = new byte[BUFFER];
    private int filled;
    private long written;
    private boolean anyValue;

    private WaveformWriter(OutputStream out, boolean json, int bits, int channels, long length) {
        this.out = out;
        this.json = json;
        this.bits = bits;
        this.channels = channels;
        this.length = length;
    }

    /**
     * The {@code .dat} version audiowaveform writes: 1 (20-byte header, no channel count) for one channel,
     * 2 for more (see {@code DatFormat}).
     */
    public static int audiowaveformDatVersion(int channels) {
        return channels == 1 ? 1 : 2;
    }

    /** A {@code .dat} file of {@code version} 1 (one channel only) or 2. */
    public static WaveformWriter dat(Path file, int version, int sampleRate, int samplesPerPixel, int bits,
            int channels, long length) throws IOException {
        check(version, bits, channels, length);
        WaveformWriter w = new WaveformWriter(new BufferedOutputStream(Files.newOutputStream(file), BUFFER), false,
                bits, channels, length);
        w.int32(version);
        w.int32(bits == 8 ? DatFormat.FLAG_8_BIT : 0);
        w.int32(sampleRate);
        w.int32(samplesPerPixel);
        w.int32((int) length);
        if (version == 2) {
            w.int32(channels);
        }
        return w;
    }

    /** audiowaveform's JSON, version 2. */
    public static WaveformWriter json(Path file, int sampleRate, int samplesPerPixel, int bits, int channels,
            long length) throws IOException {
        check(2, bits, channels, length);
        WaveformWriter w = new WaveformWriter(new BufferedOutputStream(Files.newOutputStream(file), BUFFER), true,
                bits, channels, length);
        w.ascii("{\"version\":2,\"channels\":" + channels + ",\"sample_rate\":" + sampleRate
                + ",\"samples_per_pixel\":" + samplesPerPixel + ",\"bits\":" + bits + ",\"length\":" + length
                + ",\"data\":[");
        return w;
    }

    private static void check(int version, int bits, int channels, long length) {
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("a .dat file is version 1 or 2, not " + version);
        }
        if (version == 1 && channels != 1) {
            throw new IllegalArgumentException("a version 1 .dat file holds one channel, not " + channels);
        }
        if (bits != 8 && bits != 16) {
            throw new IllegalArgumentException("bits must be 8 or 16, not " + bits);
        }
        if (channels < 1 || length < 0 || length > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("bad header: channels " + channels + ", length " + length);
        }
    }

    /**
     * Appends the buckets of every channel (same first bucket, same count), channels interleaved per index; an
     * empty bucket (inside a gap) is written 0,0 as {@link WaveformData#of} does.
     */
    public void append(List<Buckets> perChannel, Scaling scaling) throws IOException {
        if (perChannel.size() != channels) {
            throw new IllegalArgumentException(perChannel.size() + " channels of buckets for a " + channels
                    + "-channel waveform");
        }
        int n = perChannel.get(0).count();
        for (Buckets b : perChannel) {
            if (b.count() != n) {
                throw new IllegalArgumentException("channels differ in bucket count");
            }
        }
        if (written + n > length) {
            throw new IllegalStateException("more than the " + length + " pairs the header announced");
        }
        for (int i = 0; i < n; i++) {
            for (Buckets b : perChannel) {
                boolean empty = b.isEmpty(i);
                value(empty ? 0 : scaling.apply(b.mins()[i]));
                value(empty ? 0 : scaling.apply(b.maxs()[i]));
            }
        }
        written += n;
    }

    /** Ends the file; fails if fewer pairs came than the header announced (the file is then incomplete). */
    @Override
    public void close() throws IOException {
        try {
            if (json) {
                ascii("]}\n");
            }
            out.write(buffer, 0, filled);
            filled = 0;
        } finally {
            out.close();
        }
        if (written != length) {
            throw new IOException("wrote " + written + " pairs but the header announced " + length);
        }
    }

    private void value(int v) throws IOException {
        if (json) {
            if (anyValue) {
                ascii(",");
            }
            anyValue = true;
            ascii(Integer.toString(v));
        } else if (bits == 8) {
            room(1);
            buffer[filled++] = (byte) v;
        } else {
            room(2);
            buffer[filled++] = (byte) v;
            buffer[filled++] = (byte) (v >> 8);
        }
    }

    private void int32(int v) throws IOException {
        room(4);
        for (int i = 0; i < 4; i++) {
            buffer[filled++] = (byte) (v >> (8 * i));
        }
    }

    private void ascii(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        room(b.length);
        System.arraycopy(b, 0, buffer, filled, b.length);
        filled += b.length;
    }

    private void room(int bytes) throws IOException {
        if (filled + bytes > buffer.length) {
            out.write(buffer, 0, filled);
            filled = 0;
        }
    }
}
