package org.audifleet.signal;

import java.util.ArrayList;
import java.util.List;

/**
 * A short-time Fourier transform built as samples arrive: Hann windows of {@code window} samples every {@code hop}
 * samples, each column the one-sided amplitude spectrum ({@code window / 2 + 1} bins, a sine of amplitude A peaks
 * at about A). Each window's own mean is removed before the Hann window, so a seismometer's offset of 10^5..10^6
 * counts does not leak into the low bins.
 *
 * <p>Positions count gaps, as everywhere in a session: a column whose window touches a gap has no spectrum
 * ({@link #hasColumn} false), because the values inside a gap are unknown. Columns are final once made: a column
 * depends only on its own window, so a reader of a still-arriving session never sees one change.
 *
 * <p>Not thread-safe: the owner feeds and reads it under its own lock.
 */
public final class Spectrogram {

    /** How a magnitude is drawn or served: as is, its square root, or in decibels (20 log10, floor 1e-3 count). */
    public enum Scale {
        LINEAR, SQRT, LOG;

        public double apply(double magnitude) {
            return switch (this) {
                case LINEAR -> magnitude;
                case SQRT -> Math.sqrt(magnitude);
                case LOG -> 20 * Math.log10(Math.max(magnitude, 1e-3));
            };
        }
    }

    /** Data time one window spans by default: long enough to resolve the high-pass corners (0.01..0.045 Hz). */
    public static final double DEFAULT_WINDOW_SECONDS = 20.48;

    private final int window;
    private final int hop;
    private final Fft fft;
    private final double[] hann;
    private final double amplitudeScale;
    private final double[] ring;
    private final double[] re;
    private final double[] im;
    private final List<float[]> columns = new ArrayList<>();
    private long position;
    /** One past the last position inside a gap, or 0. */
    private long gapEnd;

    public Spectrogram(int window, int hop) {
        if (hop < 1 || hop > window) {
            throw new IllegalArgumentException("hop " + hop + " must be in 1.." + window);
        }
        this.window = window;
        this.hop = hop;
        this.fft = new Fft(window);
        this.hann = new double[window];
        double sum = 0;
        for (int i = 0; i < window; i++) {
            hann[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / window);
            sum += hann[i];
        }
        this.amplitudeScale = 2 / sum;
        this.ring = new double[window];
        this.re = new double[window];
        this.im = new double[window];
    }

    /**
     * The power of two nearest to {@code seconds} of data at {@code sampleRate} (16 at least): 2048 at 100 Hz for
     * the default 20.48 s, 512 at 25 Hz, 16 at 1 Hz.
     */
    public static int windowFor(double sampleRate, double seconds) {
        double samples = Math.max(16, sampleRate * seconds);
        int p = Integer.highestOneBit((int) Math.min(1 << 20, samples));
        return samples / p > 1.5 && p < (1 << 20) ? p * 2 : p;
    }

    public void accept(int[] samples, int offset, int length) {
        for (int i = 0; i < length; i++) {
            ring[(int) (position % window)] = samples[offset + i];
            position++;
            columnIfDue();
        }
    }

    /** {@code missing} positions whose values are unknown. */
    public void gap(long missing) {
        if (missing <= 0) {
            return;
        }
        long end = position + missing;
        // Only the columns that end inside the gap are due here, and every one of them touches it.
        while (nextColumnEnd() <= end) {
            columns.add(null);
        }
        position = end;
        gapEnd = end;
    }

    private long nextColumnEnd() {
        return (long) columns.size() * hop + window;
    }

    private void columnIfDue() {
        if (position != nextColumnEnd()) {
            return;
        }
        if (position - window < gapEnd) {
            columns.add(null);
            return;
        }
        double mean = 0;
        for (double v : ring) {
            mean += v;
        }
        mean /= window;
        int first = (int) (position % window); // the oldest sample of the window
        for (int i = 0; i < window; i++) {
            re[i] = (ring[(first + i) % window] - mean) * hann[i];
            im[i] = 0;
        }
        fft.forward(re, im);
        float[] column = new float[bins()];
        for (int k = 0; k < column.length; k++) {
            double m = Math.hypot(re[k], im[k]) * amplitudeScale;
            column[k] = (float) (k == 0 || k == window / 2 ? m / 2 : m);
        }
        columns.add(column);
    }

    public int window() {
        return window;
    }

    public int hop() {
        return hop;
    }

    public int bins() {
        return window / 2 + 1;
    }

    /** Columns made so far (gap columns included): column c covers positions {@code [c * hop, c * hop + window)}. */
    public int columns() {
        return columns.size();
    }

    public boolean hasColumn(int column) {
        return columns.get(column) != null;
    }

    /** Amplitude of bin {@code bin} ({@code bin * sampleRate / window} Hz) in column {@code column}; 0 in a gap. */
    public float magnitude(int column, int bin) {
        float[] c = columns.get(column);
        return c == null ? 0f : c[bin];
    }

    /**
     * A copy of columns {@code [from, to)}, each cut to its first {@code bins} bins; a gap column is null. The
     * copy is the caller's: the owner hands it out of its lock.
     */
    public float[][] copy(int from, int to, int bins) {
        if (from < 0 || to > columns.size() || from > to || bins < 1 || bins > bins()) {
            throw new IndexOutOfBoundsException("columns [" + from + ", " + to + ") of " + columns.size() + ", "
                    + bins + " bins of " + bins());
        }
        float[][] out = new float[to - from][];
        for (int c = from; c < to; c++) {
            float[] column = columns.get(c);
            out[c - from] = column == null ? null : java.util.Arrays.copyOf(column, bins);
        }
        return out;
    }

    /** Positions fed so far, gaps included. */
    public long positions() {
        return position;
    }
}
