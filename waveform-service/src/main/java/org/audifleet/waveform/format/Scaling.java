package org.audifleet.waveform.format;

/**
 * How sample values become 8- or 16-bit waveform values.
 *
 * <ul>
 * <li>{@link #pcm16(int)}: the input already is 16-bit PCM (a WAV file). Exactly audiowaveform's semantics:
 * 16-bit values are kept; 8-bit values are the 16-bit value divided by 256, truncated toward zero (C and
 * Java integer division).</li>
 * <li>{@link #peak(long, int)}: int32 seismometer counts have no fixed full scale (a quiet station peaks at a
 * few hundred counts, a nearby earthquake at millions), so they are scaled by the session's peak |count|
 * to the full range, {@code round(v * 127 / peak)} or {@code round(v * 32767 / peak)}; the peak maps to
 * +-127 or +-32767. A peak of 0 (silence) gives zeros.</li>
 * </ul>
 */
public final class Scaling {

    private final double factor;
    private final int divisor;
    private final int lo;
    private final int hi;

    private Scaling(double factor, int divisor, int bits) {
        this.factor = factor;
        this.divisor = divisor;
        this.lo = bits == 8 ? Byte.MIN_VALUE : Short.MIN_VALUE;
        this.hi = bits == 8 ? Byte.MAX_VALUE : Short.MAX_VALUE;
    }

    public static Scaling pcm16(int bits) {
        checkBits(bits);
        return new Scaling(0, bits == 8 ? 256 : 1, bits);
    }

    public static Scaling peak(long peak, int bits) {
        checkBits(bits);
        if (peak < 0) {
            throw new IllegalArgumentException("negative peak " + peak);
        }
        int full = bits == 8 ? Byte.MAX_VALUE : Short.MAX_VALUE;
        return new Scaling(peak == 0 ? 0 : (double) full / peak, 0, bits);
    }

    private static void checkBits(int bits) {
        if (bits != 8 && bits != 16) {
            throw new IllegalArgumentException("bits must be 8 or 16, not " + bits);
        }
    }

    public int apply(int value) {
        long v = divisor > 0 ? value / divisor : Math.round(value * factor);
        return (int) Math.max(lo, Math.min(hi, v));
    }
}
