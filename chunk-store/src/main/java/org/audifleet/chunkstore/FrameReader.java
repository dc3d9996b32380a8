package org.audifleet.chunkstore;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.OptionalLong;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;

/**
 * {@link ChunkFile.Decoder}'s reads of a zstd payload of Int32 LE samples: what the frame's header declares, samples
 * as they decompress, and whether anything follows the chunk's last sample.
 *
 * <p>One decompression context and one 32 KiB output buffer serve every payload this reader is given, so a decode
 * allocates no buffer per read and a reused reader keeps zstd's window buffer from one chunk to the next instead of
 * allocating it again (decoder-service/README.md, "Where the zstd path's time goes"). A payload held in an array is decompressed where it
 * lies; a stream is read through a 64 KiB input buffer. Payloads may hold several frames one after another (zstd
 * skips skippable ones); the samples run on across them. The output buffer bounds what one read decompresses, so a
 * frame of any size costs the same memory. Not thread-safe.
 */
final class FrameReader {

    /** Samples one read holds at most. */
    static final int INTS = 8 * 1024;
    private static final int READ_BYTES = INTS * Integer.BYTES;
    private static final int INPUT_BYTES = 64 * 1024;
    /** The longest zstd frame header: magic, descriptor, window, dictionary id, content size. */
    private static final int FRAME_HEADER_BYTES = 18;
    /** Magic number and frame header descriptor: the least a frame header can be. */
    private static final int MIN_FRAME_HEADER_BYTES = 5;
    /** What ZstdInputStream called a payload that ends inside a frame; bin/decode's users have seen it. */
    private static final String TRUNCATED = "Truncated source";
    /** Frees a reader's native context once the reader is unreachable (zstd-jni's contexts free only on close). */
    private static final Cleaner CONTEXTS = Cleaner.create();

    private final ZstdDecompressCtx ctx = new ZstdDecompressCtx();
    private final ByteBuffer out = ByteBuffer.allocate(READ_BYTES);
    private final IntBuffer outInts = out.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
    private final int[] ints = new int[INTS];
    private byte[] input;

    /** The payload's compressed bytes not yet consumed; {@code stream} refills it, an array payload is all here. */
    private ByteBuffer src;
    private InputStream stream;
    /** Whether the bytes consumed so far end inside a frame. */
    private boolean inFrame;

    FrameReader() {
        CONTEXTS.register(this, ctx::close);
    }

    /** What one read got before the payload ended or failed: the bytes before a fault still count. */
    record Read(int bytes, IOException fault) {
    }

    /** Starts reading {@code payload}, held in memory. */
    void begin(byte[] payload) {
        begin(ByteBuffer.wrap(payload), null);
    }

    /** Starts reading {@code payload} as it comes. */
    void begin(InputStream payload) {
        if (input == null) {
            input = new byte[INPUT_BYTES];
        }
        begin(ByteBuffer.wrap(input).limit(0), payload);
    }

    private void begin(ByteBuffer bytes, InputStream payload) {
        ctx.reset();
        src = bytes;
        stream = payload;
        inFrame = false;
    }

    /** Lets go of the payload (a reused reader would otherwise keep it reachable). */
    void end() {
        src = null;
        stream = null;
    }

    /** The frame's declared content size in bytes, -1 when its header does not say; nothing is consumed. */
    long declaredBytes() throws IOException {
        while (stream != null && src.remaining() < FRAME_HEADER_BYTES && refill()) {
            // gather a whole header when the stream has one
        }
        byte[] head = Arrays.copyOfRange(src.array(), src.arrayOffset() + src.position(),
                src.arrayOffset() + src.position() + Math.min(src.remaining(), FRAME_HEADER_BYTES));
        if (head.length < MIN_FRAME_HEADER_BYTES) {
            // zstd-jni reads past a shorter array (an empty payload threw ArrayIndexOutOfBoundsException: found by
            // ZstdChunkDecoderFuzzTests); reading then names the fault of so short a frame.
            return -1;
        }
        long size = Zstd.getFrameContentSize(head, 0, head.length);
        // -1: not declared; -2: not a frame header (reading then names the fault)
        return size < 0 ? -1 : size;
    }

    /** The samples the last {@link #readInts} got, from index 0. */
    int[] ints() {
        return ints;
    }

    /** Reads up to {@code count} ({@code <= INTS}) samples into {@link #ints}. */
    Read readInts(int count) {
        Read read = read(count * Integer.BYTES);
        outInts.get(0, ints, 0, read.bytes / Integer.BYTES);
        return read;
    }

    /**
     * Reads on from {@code decoded} samples to the chunk's {@code stored} and one sample beyond, keeping none of
     * it. Returns the decompressed byte offset where reading stopped when that sample exists (the frame holds more
     * than the chunk); empty when the frame ends or breaks before.
     */
    OptionalLong beyond(long decoded, long stored) {
        long held = decoded;
        while (held < stored) {
            int want = (int) Math.min(INTS, stored - held);
            Read read = read(want * Integer.BYTES);
            held += read.bytes / Integer.BYTES;
            if (read.fault != null || read.bytes < want * Integer.BYTES) {
                return OptionalLong.empty();
            }
        }
        return read(Integer.BYTES).bytes > 0 ? OptionalLong.of(stored * Integer.BYTES) : OptionalLong.empty();
    }

    /** Decompresses up to {@code wanted} bytes into {@link #out}; fewer only where the payload ends or breaks. */
    private Read read(int wanted) {
        out.clear().limit(wanted);
        try {
            while (out.hasRemaining()) {
                if (!src.hasRemaining() && !refill() && !inFrame) {
                    break; // the payload ends after a whole frame
                }
                int srcAt = src.position();
                int outAt = out.position();
                boolean frameDone = ctx.decompressByteBufferStream(out, src);
                inFrame = !frameDone;
                if (!frameDone && src.position() == srcAt && out.position() == outAt) {
                    if (src.hasRemaining()) {
                        // never seen; without it a stuck decompressor would spin here
                        return new Read(out.position(), new IOException("zstd made no progress"));
                    }
                    if (!refill()) {
                        // zstd needs more input than there is: the bytes it holds do not finish a block
                        return new Read(out.position(), new IOException(TRUNCATED));
                    }
                }
            }
        } catch (ZstdException e) {
            return new Read(out.position(), new IOException(e.getMessage(), e));
        } catch (IOException e) {
            return new Read(out.position(), e);
        } finally {
            // the context is freed when this reader is unreachable: not while it decompresses
            Reference.reachabilityFence(this);
        }
        return new Read(out.position(), null);
    }

    /** More compressed bytes from the stream into {@link #src}; false at its end (or for an array payload). */
    private boolean refill() throws IOException {
        if (stream == null) {
            return false;
        }
        src.compact();
        int n;
        try {
            n = stream.read(src.array(), src.arrayOffset() + src.position(), src.remaining());
        } finally {
            src.flip();
        }
        if (n > 0) {
            src.limit(src.limit() + n);
        }
        return n > 0;
    }
}
