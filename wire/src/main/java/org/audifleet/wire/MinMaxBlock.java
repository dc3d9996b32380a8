package org.audifleet.wire;

import java.util.Objects;
import java.util.UUID;

/**
 * Min/max of consecutive buckets of {@code samplesPerBucket} samples at one zoom level of one
 * session. Published by the waveform service on {@link Topics#WAVEFORM_MINMAX}. A bucket with no
 * samples at all (inside a gap) has {@code min > max} ({@link Integer#MAX_VALUE}, {@link Integer#MIN_VALUE}).
 *
 * @param firstBucket index of the first bucket, counted from the session start
 * @param detrended   whether the samples were processed (mean/trend removed) before min/max
 */
public record MinMaxBlock(UUID sessionId, int samplesPerBucket, boolean detrended, long firstBucket,
        long sessionStartMicros, double sampleRate, int[] mins, int[] maxs) {

    static final String MAGIC = "AFMM";
    static final int VERSION = 1;

    public MinMaxBlock {
        Objects.requireNonNull(sessionId, "sessionId");
        if (mins.length != maxs.length) {
            throw new IllegalArgumentException(mins.length + " mins but " + maxs.length + " maxs");
        }
    }

    public int bucketCount() {
        return mins.length;
    }

    public static boolean isEmpty(int min, int max) {
        return min > max;
    }

    public byte[] encode() {
        int n = mins.length;
        int size = 5 + 3 + 16 + 4 + 8 + 8 + 8 + 4 + n * 8;
        WireWriter w = new WireWriter(size, MAGIC, VERSION).u8(detrended ? 1 : 0).u8(0).u8(0).uuid(sessionId)
                .i32(samplesPerBucket).i64(firstBucket).i64(sessionStartMicros).f64(sampleRate).i32(n);
        for (int i = 0; i < n; i++) {
            w.i32(mins[i]).i32(maxs[i]);
        }
        return w.toBytes();
    }

    public static MinMaxBlock decode(byte[] bytes) {
        WireReader r = new WireReader(bytes, "MinMaxBlock", MAGIC, VERSION);
        boolean detrended = (r.u8() & 1) != 0;
        r.u8();
        r.u8();
        UUID session = r.uuid();
        int spb = r.i32();
        long first = r.i64();
        long start = r.i64();
        double rate = r.f64();
        int n = r.i32();
        int[] pairs = r.ints(n < 0 || n > Integer.MAX_VALUE / 2 ? -1 : n * 2);
        r.end();
        int[] mins = new int[n];
        int[] maxs = new int[n];
        for (int i = 0; i < n; i++) {
            mins[i] = pairs[2 * i];
            maxs[i] = pairs[2 * i + 1];
        }
        return new MinMaxBlock(session, spb, detrended, first, start, rate, mins, maxs);
    }
}
