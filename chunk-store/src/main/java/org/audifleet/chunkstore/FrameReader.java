package org.audifleet.chunkstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalLong;

import com.github.luben.zstd.Zstd;

/**
 * {@link ChunkFile.Decoder}'s reads of one zstd frame of Int32 LE samples through one 64 KiB buffer: what the
 * frame's header declares, samples as they decompress, and whether anything follows the chunk's last sample.
 */
final class FrameReader {

    private static final int READ_BYTES = 64 * 1024;
    /** Samples one read holds at most. */
    static final int INTS = READ_BYTES / Integer.BYTES;
    /** The longest zstd frame header: magic, descriptor, window, dictionary id, content size. */
    private static final int FRAME_HEADER_BYTES = 18;

    private final byte[] bytes = new byte[READ_BYTES];
    /** Magic number and frame header descriptor: the least a frame header can be. */
    private static final int MIN_FRAME_HEADER_BYTES = 5;

    private final int[] ints = new int[INTS];
    private final ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

    /** What one read got before the frame ended or failed: the bytes before a fault still count. */
    record Read(int bytes, IOException fault) {
    }

    /** A payload whose header {@link #declaredBytes} can look at without consuming it. */
    static PushbackInputStream framed(InputStream payload) {
        return new PushbackInputStream(payload, FRAME_HEADER_BYTES);
    }

    /** The frame's declared content size in bytes, -1 when its header does not say; the header is left unread. */
    static long declaredBytes(PushbackInputStream framed) throws IOException {
        byte[] head = framed.readNBytes(FRAME_HEADER_BYTES);
        framed.unread(head);
        if (head.length < MIN_FRAME_HEADER_BYTES) {
            // zstd-jni reads past a shorter array (an empty payload threw ArrayIndexOutOfBoundsException: found by
            // ZstdChunkDecoderFuzzTests); ZstdInputStream names the fault of so short a frame.
            return -1;
        }
        long size = Zstd.getFrameContentSize(head, 0, head.length);
        // -1: not declared; -2: not a frame header (ZstdInputStream then names the fault)
        return size < 0 ? -1 : size;
    }

    /** The samples the last {@link #readInts} got, from index 0. */
    int[] ints() {
        return ints;
    }

    /** Reads up to {@code count} ({@code <= INTS}) samples into {@link #ints}. */
    Read readInts(InputStream in, int count) {
        Read read = read(in, count * Integer.BYTES);
        view.clear();
        view.asIntBuffer().get(ints, 0, read.bytes / Integer.BYTES);
        return read;
    }

    /**
     * Reads on from {@code decoded} samples to the chunk's {@code stored} and one sample beyond, keeping none of
     * it. Returns the decompressed byte offset where reading stopped when that sample exists (the frame holds more
     * than the chunk); empty when the frame ends or breaks before.
     */
    OptionalLong beyond(InputStream in, long decoded, long stored) {
        long held = decoded;
        while (held < stored) {
            int want = (int) Math.min(INTS, stored - held);
            Read read = read(in, want * Integer.BYTES);
            held += read.bytes / Integer.BYTES;
            if (read.fault != null || read.bytes < want * Integer.BYTES) {
                return OptionalLong.empty();
            }
        }
        return read(in, Integer.BYTES).bytes > 0 ? OptionalLong.of(stored * Integer.BYTES) : OptionalLong.empty();
    }

    private Read read(InputStream in, int wanted) {
        int filled = 0;
        while (filled < wanted) {
            int n;
            try {
                n = in.read(bytes, filled, wanted - filled);
            } catch (IOException e) {
                return new Read(filled, e);
            }
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return new Read(filled, null);
    }
}
