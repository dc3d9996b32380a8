package org.audifleet.codec.mseed.steim;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Steim1 and Steim2 frame decoding (SEED manual, appendix B).
 *
 * <p>A payload is a run of 64-byte frames of sixteen 32-bit words. Word 0 of each frame holds sixteen 2-bit
 * nibbles saying how each word is packed; in the first frame words 1 and 2 are the forward (X0) and reverse (Xn)
 * integration constants. Differences are integrated as they are unpacked, straight into the output; only the last
 * few words, which may hold more differences than samples remain, go through a small caller-owned scratch array.
 *
 * <p>Stateless and thread-safe; the scratch array is the only mutable state and belongs to the caller.
 */
public final class SteimDecoder {
    /** Size a scratch array needs: a word holds at most seven differences. */
    public static final int SCRATCH_SLACK = 8;
    /** Bytes in one frame. */
    public static final int FRAME_BYTES = 64;

    private static final VarHandle BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private SteimDecoder() {
    }

    /**
     * Decodes up to {@code sampleCount} samples into {@code out}.
     *
     * @param level       1 or 2
     * @param payload     bytes holding the frames
     * @param offset      index of the first frame
     * @param frames      number of whole frames available
     * @param bigEndian   word byte order (miniSEED 3 is always big-endian; miniSEED 2 follows blockette 1000)
     * @param sampleCount samples the header announces
     * @param scratch     at least {@code SCRATCH_SLACK} ints, overwritten
     * @param out         at least {@code sampleCount} ints, receives the samples
     * @return samples decoded: {@code sampleCount}, or fewer when the frames run out first
     * @throws SteimFrameException when a word carries a reserved Steim2 sub-code
     */
    public static int decode(int level, byte[] payload, int offset, int frames, boolean bigEndian,
                             int sampleCount, int[] scratch, int[] out) throws SteimFrameException {
        if (sampleCount <= 0 || frames <= 0) {
            return 0;
        }
        if (scratch.length < SCRATCH_SLACK || out.length < sampleCount) {
            throw new IllegalArgumentException("scratch/out too small for " + sampleCount + " samples");
        }
        boolean le = !bigEndian;
        int x0 = word(payload, offset + 4, le);
        // The first difference relates this record to the previous one; X0 is the first sample itself. Starting
        // the running sum at X0 minus that difference lets one loop treat every difference alike.
        int acc = x0 - firstDifference(level, payload, offset, frames, le, scratch);
        return level == 1
                ? unpackSteim1(payload, offset, frames, le, sampleCount, acc, scratch, out)
                : unpackSteim2(payload, offset, frames, le, sampleCount, acc, scratch, out);
    }

    /** The first difference of the payload, 0 when it holds none. */
    private static int firstDifference(int level, byte[] b, int offset, int frames, boolean le, int[] tmp)
            throws SteimFrameException {
        for (int f = 0; f < frames; f++) {
            int frame = offset + f * FRAME_BYTES;
            int nibbles = word(b, frame, le);
            for (int w = f == 0 ? 3 : 1; w < 16; w++) {
                int nibble = (nibbles >>> (30 - 2 * w)) & 3;
                if (nibble != 0) {
                    int word = word(b, frame + 4 * w, le);
                    if (le) {
                        word = littleEndianWord(word, nibble, level);
                    }
                    unpackWord(level, nibble, word, tmp, f, w);
                    return tmp[0];
                }
            }
        }
        return 0;
    }

    /** Differences of one word into {@code d[0..]}; returns how many. The slow path, used near the end only. */
    private static int unpackWord(int level, int nibble, int word, int[] d, int f, int w) throws SteimFrameException {
        switch (nibble) {
            case 1:
                d[0] = word >> 24;
                d[1] = (word << 8) >> 24;
                d[2] = (word << 16) >> 24;
                d[3] = (word << 24) >> 24;
                return 4;
            case 2:
                if (level == 1) {
                    d[0] = word >> 16;
                    d[1] = (short) word;
                    return 2;
                }
                switch (word >>> 30) {
                    case 1:
                        d[0] = (word << 2) >> 2;
                        return 1;
                    case 2:
                        d[0] = (word << 2) >> 17;
                        d[1] = (word << 17) >> 17;
                        return 2;
                    case 3:
                        d[0] = (word << 2) >> 22;
                        d[1] = (word << 12) >> 22;
                        d[2] = (word << 22) >> 22;
                        return 3;
                    default:
                        throw new SteimFrameException(f, w, "Steim2 nibble 10 with reserved sub-code 00");
                }
            case 3:
                if (level == 1) {
                    d[0] = word;
                    return 1;
                }
                switch (word >>> 30) {
                    case 0:
                        for (int i = 0; i < 5; i++) {
                            d[i] = (word << (2 + 6 * i)) >> 26;
                        }
                        return 5;
                    case 1:
                        for (int i = 0; i < 6; i++) {
                            d[i] = (word << (2 + 5 * i)) >> 27;
                        }
                        return 6;
                    case 2:
                        for (int i = 0; i < 7; i++) {
                            d[i] = (word << (4 + 4 * i)) >> 28;
                        }
                        return 7;
                    default:
                        throw new SteimFrameException(f, w, "Steim2 nibble 11 with reserved sub-code 11");
                }
            default:
                return 0;
        }
    }

    /** The reverse integration constant Xn: the value the last sample must have. */
    public static int reverseConstant(byte[] payload, int offset, boolean bigEndian) {
        return word(payload, offset + 8, !bigEndian);
    }

    /**
     * Little-endian records swap each difference in place rather than the whole word: 8-bit differences keep
     * their byte order and Steim1's 16-bit pairs keep their order (each half swapped). Rearranges the word so
     * the big-endian extraction below applies unchanged.
     */
    private static int littleEndianWord(int word, int nibble, int level) {
        if (nibble == 1) {
            return Integer.reverseBytes(word);
        }
        if (nibble == 2 && level == 1) {
            return Integer.rotateLeft(word, 16);
        }
        return word;
    }

    /**
     * The word at {@code at} in big-endian extraction order. Always through the one constant {@code BE} handle: C2
     * does not inline a handle passed as a variable, and that alone made the large-difference bench files decode
     * about half as fast (seismic-codec README, "Benchmarks").
     */
    private static int word(byte[] b, int at, boolean littleEndian) {
        int word = (int) BE.get(b, at);
        return littleEndian ? Integer.reverseBytes(word) : word;
    }

    private static int unpackSteim1(byte[] b, int offset, int frames, boolean le, int wanted, int acc,
                                    int[] tmp, int[] out) throws SteimFrameException {
        int n = 0;
        int f = 0;
        // Whole frames while all the differences a frame's codes allow still fit: no per-word limit checks.
        for (; f < frames; f++) {
            int frame = offset + f * FRAME_BYTES;
            int nibbles = word(b, frame, le);
            if (n + mostDifferences(nibbles, 4, 2, 1) > wanted) {
                break;
            }
            for (int w = f == 0 ? 3 : 1; w < 16; w++) {
                int nibble = (nibbles >>> (30 - 2 * w)) & 3;
                int word = word(b, frame + 4 * w, le);
                if (le) {
                    word = littleEndianWord(word, nibble, 1);
                }
                switch (nibble) {
                    case 1 -> {
                        out[n] = acc += word >> 24;
                        out[n + 1] = acc += (word << 8) >> 24;
                        out[n + 2] = acc += (word << 16) >> 24;
                        out[n + 3] = acc += (word << 24) >> 24;
                        n += 4;
                    }
                    case 2 -> {
                        out[n] = acc += word >> 16;
                        out[n + 1] = acc += (short) word;
                        n += 2;
                    }
                    case 3 -> out[n++] = acc += word;
                    default -> {
                        // 00: word carries no differences
                    }
                }
            }
        }
        return unpackLast(1, b, offset, f, frames, le, wanted, n, acc, tmp, out);
    }

    /**
     * The most differences a frame with these codes can hold, given the most a word with code 01, 10 and 11 holds.
     * Bounding each frame rather than taking 15 words of the widest code keeps all but the last frame or two of a
     * record on the fast path: with 105 for Steim2, real broadband records (about 20 differences a frame) spent a
     * quarter of their time in {@link #unpackLast} (JFR, seismic-codec README "Benchmarks"). Counting frame 0's
     * X0 and Xn codes too only makes the bound larger.
     */
    private static int mostDifferences(int nibbles, int most01, int most10, int most11) {
        int high = (nibbles >>> 1) & 0x55555555;
        int low = nibbles & 0x55555555;
        return most01 * Integer.bitCount(low & ~high) + most10 * Integer.bitCount(high & ~low)
                + most11 * Integer.bitCount(high & low);
    }

    /** The last frames, word by word, integrating only the differences that still fit in {@code out}. */
    private static int unpackLast(int level, byte[] b, int offset, int f, int frames, boolean le, int wanted, int n,
                                  int acc, int[] tmp, int[] out) throws SteimFrameException {
        for (; f < frames && n < wanted; f++) {
            int frame = offset + f * FRAME_BYTES;
            int nibbles = word(b, frame, le);
            for (int w = f == 0 ? 3 : 1; w < 16 && n < wanted; w++) {
                int nibble = (nibbles >>> (30 - 2 * w)) & 3;
                int word = word(b, frame + 4 * w, le);
                if (le) {
                    word = littleEndianWord(word, nibble, level);
                }
                int k = unpackWord(level, nibble, word, tmp, f, w);
                for (int i = 0; i < k && n < wanted; i++) {
                    acc += tmp[i];
                    out[n++] = acc;
                }
            }
        }
        return n;
    }

    private static int unpackSteim2(byte[] b, int offset, int frames, boolean le, int wanted, int acc,
                                    int[] tmp, int[] out) throws SteimFrameException {
        int n = 0;
        int f = 0;
        // Whole frames while all the differences a frame's codes allow still fit: no per-word limit checks.
        for (; f < frames; f++) {
            int frame = offset + f * FRAME_BYTES;
            int nibbles = word(b, frame, le);
            if (n + mostDifferences(nibbles, 4, 3, 7) > wanted) {
                break;
            }
            for (int w = f == 0 ? 3 : 1; w < 16; w++) {
                int nibble = (nibbles >>> (30 - 2 * w)) & 3;
                int word = word(b, frame + 4 * w, le);
                if (le) {
                    word = littleEndianWord(word, nibble, 2);
                }
                // One dispatch on the nibble and the word's top two bits together: for 10 and 11 those bits are the
                // sub-code, for 01 they are data (cases 4-7).
                switch ((nibble << 2) | (word >>> 30)) {
                    case 4, 5, 6, 7 -> {
                        out[n] = acc += word >> 24;
                        out[n + 1] = acc += (word << 8) >> 24;
                        out[n + 2] = acc += (word << 16) >> 24;
                        out[n + 3] = acc += (word << 24) >> 24;
                        n += 4;
                    }
                    case 9 -> out[n++] = acc += (word << 2) >> 2;
                    case 10 -> {
                        out[n] = acc += (word << 2) >> 17;
                        out[n + 1] = acc += (word << 17) >> 17;
                        n += 2;
                    }
                    case 11 -> {
                        out[n] = acc += (word << 2) >> 22;
                        out[n + 1] = acc += (word << 12) >> 22;
                        out[n + 2] = acc += (word << 22) >> 22;
                        n += 3;
                    }
                    case 12 -> {
                        out[n] = acc += (word << 2) >> 26;
                        out[n + 1] = acc += (word << 8) >> 26;
                        out[n + 2] = acc += (word << 14) >> 26;
                        out[n + 3] = acc += (word << 20) >> 26;
                        out[n + 4] = acc += (word << 26) >> 26;
                        n += 5;
                    }
                    case 13 -> {
                        out[n] = acc += (word << 2) >> 27;
                        out[n + 1] = acc += (word << 7) >> 27;
                        out[n + 2] = acc += (word << 12) >> 27;
                        out[n + 3] = acc += (word << 17) >> 27;
                        out[n + 4] = acc += (word << 22) >> 27;
                        out[n + 5] = acc += (word << 27) >> 27;
                        n += 6;
                    }
                    case 14 -> {
                        out[n] = acc += (word << 4) >> 28;
                        out[n + 1] = acc += (word << 8) >> 28;
                        out[n + 2] = acc += (word << 12) >> 28;
                        out[n + 3] = acc += (word << 16) >> 28;
                        out[n + 4] = acc += (word << 20) >> 28;
                        out[n + 5] = acc += (word << 24) >> 28;
                        out[n + 6] = acc += (word << 28) >> 28;
                        n += 7;
                    }
                    case 8 -> throw new SteimFrameException(f, w, "Steim2 nibble 10 with reserved sub-code 00");
                    case 15 -> throw new SteimFrameException(f, w, "Steim2 nibble 11 with reserved sub-code 11");
                    default -> {
                        // 00: word carries no differences
                    }
                }
            }
        }
        return unpackLast(2, b, offset, f, frames, le, wanted, n, acc, tmp, out);
    }
}
