package org.audifleet.codec.mseed.steim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every sample count against frames of mixed codes: where a record's samples end decides which frames take the
 * fast path (each frame bounded by its own codes) and which the word-by-word tail, so every end is tried.
 */
class SteimDecoderTests {

    /** One word's packing: Steim code, Steim2 sub-code (-1 for none), differences and their width in bits. */
    private record Packing(int nibble, int subCode, int count, int bits) {
    }

    private static final Packing[] STEIM1 = {new Packing(1, -1, 4, 8), new Packing(2, -1, 2, 16),
        new Packing(3, -1, 1, 32)};
    private static final Packing[] STEIM2 = {new Packing(1, -1, 4, 8), new Packing(2, 1, 1, 30),
        new Packing(2, 2, 2, 15), new Packing(2, 3, 3, 10), new Packing(3, 0, 5, 6), new Packing(3, 1, 6, 5),
        new Packing(3, 2, 7, 4)};

    @Test
    void steim1EveryEndMatchesTheIntegratedDifferences() throws SteimFrameException {
        everyEnd(1, STEIM1, 1);
        everyEnd(1, STEIM1, 2);
    }

    @Test
    void steim2EveryEndMatchesTheIntegratedDifferences() throws SteimFrameException {
        everyEnd(2, STEIM2, 3);
        everyEnd(2, STEIM2, 4);
    }

    private static void everyEnd(int level, Packing[] packings, long seed) throws SteimFrameException {
        Random random = new Random(seed);
        int frames = 7;
        ByteBuffer payload = ByteBuffer.allocate(frames * SteimDecoder.FRAME_BYTES).order(ByteOrder.BIG_ENDIAN);
        int[] differences = new int[frames * 15 * 7];
        int total = 0;
        for (int f = 0; f < frames; f++) {
            int nibbles = 0;
            for (int w = f == 0 ? 3 : 1; w < 16; w++) {
                // Runs of one packing with changes, as real data has; now and then a word with no differences.
                Packing p = random.nextInt(8) == 0 ? null : packings[random.nextInt(packings.length)];
                int word = 0;
                if (p != null) {
                    nibbles |= p.nibble() << (30 - 2 * w);
                    int shift = 32 - (p.subCode() >= 0 ? 2 : 0);
                    if (p.subCode() >= 0) {
                        word = p.subCode() << 30;
                    }
                    if (p.bits() == 4) {
                        shift = 28; // 7 x 4 bits leave the two bits after the sub-code unused
                    }
                    for (int i = 0; i < p.count(); i++) {
                        int d = p.bits() == 32 ? random.nextInt(1 << 20) - (1 << 19)
                                : random.nextInt(1 << (p.bits() - 1)) * (random.nextBoolean() ? 1 : -1);
                        differences[total++] = d;
                        shift -= p.bits();
                        word |= p.bits() == 32 ? d : (d & ((1 << p.bits()) - 1)) << shift;
                    }
                }
                payload.putInt(f * SteimDecoder.FRAME_BYTES + 4 * w, word);
            }
            payload.putInt(f * SteimDecoder.FRAME_BYTES, nibbles);
        }
        int x0 = 123_456;
        payload.putInt(4, x0);
        int[] expected = new int[total];
        expected[0] = x0;
        for (int i = 1; i < total; i++) {
            expected[i] = expected[i - 1] + differences[i];
        }
        byte[] bytes = payload.array();
        for (int count = 1; count <= total; count++) {
            int[] out = new int[count];
            int decoded = SteimDecoder.decode(level, bytes, 0, frames, true, count,
                    new int[SteimDecoder.SCRATCH_SLACK], out);
            assertThat(decoded).as("Steim%d, %d samples", level, count).isEqualTo(count);
            assertThat(out).as("Steim%d, %d samples", level, count).isEqualTo(Arrays.copyOf(expected, count));
        }
        int[] out = new int[total + 10];
        assertThat(SteimDecoder.decode(level, bytes, 0, frames, true, total + 10, new int[8], out))
                .as("frames run out first").isEqualTo(total);
    }
}
