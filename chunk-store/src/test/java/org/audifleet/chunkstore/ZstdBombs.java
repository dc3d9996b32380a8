package org.audifleet.chunkstore;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Decompression bombs for tests: zeros through zstd-jni's streaming compressor, which (unlike
 * {@code Zstd.compress}) writes no content size in the frame header, so only decoding tells how big it is.
 * 2 GiB of zeros is a 64 KiB frame. Shared through chunk-store's test-jar (which holds only this class) with the
 * decoder's and the fleet's tests.
 */
public final class ZstdBombs {

    private static byte[] twoGiB;

    private ZstdBombs() {
    }

    /** One frame inflating to {@code bytes} zero bytes. */
    public static byte[] zeros(long bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdOutputStream zstd = new ZstdOutputStream(out, 3)) {
            byte[] zeros = new byte[1 << 20];
            for (long left = bytes; left > 0; left -= zeros.length) {
                zstd.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The 2 GiB bomb of issue 10, made once per test JVM. */
    public static synchronized byte[] twoGiB() {
        if (twoGiB == null) {
            twoGiB = zeros(2L << 30);
        }
        return twoGiB.clone();
    }
}
