package org.audifleet.signal;

/**
 * In-place radix-2 complex FFT of one power-of-two size. The bit-reversal table and the twiddles are made once in
 * the constructor, so {@link #forward} allocates nothing; an instance is not safe for concurrent use.
 */
public final class Fft {

    private final int size;
    private final int[] reversed;
    private final double[] cos;
    private final double[] sin;

    public Fft(int size) {
        if (size < 2 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two, 2 or more; got " + size);
        }
        this.size = size;
        int bits = Integer.numberOfTrailingZeros(size);
        reversed = new int[size];
        for (int i = 0; i < size; i++) {
            reversed[i] = Integer.reverse(i) >>> (32 - bits);
        }
        cos = new double[size / 2];
        sin = new double[size / 2];
        for (int k = 0; k < size / 2; k++) {
            cos[k] = Math.cos(2 * Math.PI * k / size);
            sin[k] = -Math.sin(2 * Math.PI * k / size);
        }
    }

    public int size() {
        return size;
    }

    /** {@code X[k] = sum x[n] e^(-2 pi i k n / size)}, over {@code re} and {@code im} in place. */
    public void forward(double[] re, double[] im) {
        if (re.length < size || im.length < size) {
            throw new IllegalArgumentException("arrays shorter than the FFT size " + size);
        }
        for (int i = 0; i < size; i++) {
            int j = reversed[i];
            if (j > i) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int half = 1; half < size; half <<= 1) {
            int stride = size / (2 * half);
            for (int start = 0; start < size; start += 2 * half) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * stride];
                    double wi = sin[k * stride];
                    int a = start + k;
                    int b = a + half;
                    double tr = re[b] * wr - im[b] * wi;
                    double ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }
}
