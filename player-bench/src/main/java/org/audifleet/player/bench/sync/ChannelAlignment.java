package org.audifleet.player.bench.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How far one recorded channel is behind another, window by window: the normalized cross-correlation of a window of
 * the reference channel against the other channel over a bounded lag range, its peak refined to a fraction of a
 * sample by a parabola through the peak and its two neighbours.
 *
 * <p>A window is skipped, and counted by why, when either channel is silent in it (a pause, a gap), when its best
 * correlation is weak (the channels do not play the same sound there), when the best lag sits on the edge of the
 * range (the true offset is outside it), or when a second peak outside the main lobe comes close to the best: a
 * periodic sound (volcanic tremor, a hum) correlates almost as well one period away, and such a window cannot say
 * which period is the right one.
 *
 * <p>A positive offset means the other channel plays the same sound later than the reference.
 */
public final class ChannelAlignment {

    /**
     * @param sampleRate     frames per second of both channels
     * @param windowMs       length of each window of the reference
     * @param hopMs          distance between the starts of consecutive windows
     * @param maxLagMs       the lag range searched, either side of the centre lag
     * @param silenceRms     a window whose RMS (full scale 1.0) is below this, in either channel, is silent
     * @param minPeak        the lowest normalized correlation a used window may have
     * @param ambiguityRatio a second peak outside the main lobe at this fraction of the best, or above, is ambiguous
     */
    public record Settings(int sampleRate, double windowMs, double hopMs, double maxLagMs, double silenceRms,
            double minPeak, double ambiguityRatio) {

        public Settings {
            if (sampleRate <= 0 || windowMs <= 0 || hopMs <= 0 || maxLagMs <= 0) {
                throw new IllegalArgumentException("sample rate, window, hop and lag range must be positive");
            }
            if (minPeak <= 0 || minPeak >= 1 || ambiguityRatio <= 0 || ambiguityRatio > 1) {
                throw new IllegalArgumentException("minPeak must be in (0, 1), ambiguityRatio in (0, 1]");
            }
        }

        /** 50 ms windows every 25 ms, ±20 ms, silence below -60 dBFS, correlation at least 0.8, ambiguous at 0.9. */
        public static Settings defaults(int sampleRate) {
            return new Settings(sampleRate, 50, 25, 20, 0.001, 0.8, 0.9);
        }

        public Settings withMaxLagMs(double ms) {
            return new Settings(sampleRate, windowMs, hopMs, ms, silenceRms, minPeak, ambiguityRatio);
        }

        int window() {
            return (int) Math.round(windowMs * sampleRate / 1000);
        }

        int hop() {
            return Math.max(1, (int) Math.round(hopMs * sampleRate / 1000));
        }

        int maxLag() {
            return Math.max(1, (int) Math.round(maxLagMs * sampleRate / 1000));
        }
    }

    /**
     * The offsets of the used windows and how many were skipped, by reason.
     *
     * @param windowStartSeconds where each used window starts in the reference, seconds from the recording's start
     * @param offsetMs           the other channel's offset in that window, ms (positive: it plays later)
     * @param skippedOutside     windows whose lag range reaches past either end of the other channel
     */
    public record Result(double[] windowStartSeconds, double[] offsetMs, int skippedSilent, int skippedWeak,
            int skippedAtBound, int skippedAmbiguous, int skippedOutside) {

        public int used() {
            return offsetMs.length;
        }

        static Result concat(List<Result> parts) {
            List<double[]> starts = new ArrayList<>();
            List<double[]> offsets = new ArrayList<>();
            int silent = 0;
            int weak = 0;
            int atBound = 0;
            int ambiguous = 0;
            int outside = 0;
            for (Result r : parts) {
                starts.add(r.windowStartSeconds);
                offsets.add(r.offsetMs);
                silent += r.skippedSilent;
                weak += r.skippedWeak;
                atBound += r.skippedAtBound;
                ambiguous += r.skippedAmbiguous;
                outside += r.skippedOutside;
            }
            return new Result(join(starts), join(offsets), silent, weak, atBound, ambiguous, outside);
        }

        private static double[] join(List<double[]> arrays) {
            return arrays.stream().flatMapToDouble(Arrays::stream).toArray();
        }

        public int skipped() {
            return skippedSilent + skippedWeak + skippedAtBound + skippedAmbiguous + skippedOutside;
        }

        /** The q-quantile (nearest rank) of |offset|, ms; NaN when no window was used. */
        public double absQuantileMs(double q) {
            if (offsetMs.length == 0) {
                return Double.NaN;
            }
            double[] abs = Arrays.stream(offsetMs).map(Math::abs).sorted().toArray();
            int rank = (int) Math.ceil(q * abs.length);
            return abs[Math.min(abs.length, Math.max(1, rank)) - 1];
        }

        /** Used windows over the windows that were not silent: how much of the sound the figures cover. */
        public double usedShareOfSound() {
            int sounding = used() + skippedWeak + skippedAtBound + skippedAmbiguous;
            return sounding == 0 ? 0 : (double) used() / sounding;
        }

        /**
         * Changes of the offset by more than {@code ms} that the next used window confirms: where a station jumped
         * (a dropout delays the rest of its sound). A lone window off its neighbours is an {@link #outliers}.
         */
        public int jumps(double ms) {
            return levels(ms)[0];
        }

        /** Used windows more than {@code ms} off the offset before them and after them. */
        public int outliers(double ms) {
            return levels(ms)[1];
        }

        private int[] levels(double ms) {
            int jumps = 0;
            int outliers = 0;
            double level = offsetMs.length == 0 ? 0 : offsetMs[0];
            for (int i = 1; i < offsetMs.length; i++) {
                if (Math.abs(offsetMs[i] - level) <= ms) {
                    level = offsetMs[i];
                } else if (i + 1 < offsetMs.length && Math.abs(offsetMs[i + 1] - offsetMs[i]) <= ms) {
                    jumps++;
                    level = offsetMs[i];
                } else {
                    outliers++;
                }
            }
            return new int[] {jumps, outliers};
        }

        public double maxAbsMs() {
            return absQuantileMs(1.0);
        }

        /** The median offset with its sign, ms: the bulk offset of the other channel. */
        public double medianMs() {
            if (offsetMs.length == 0) {
                return Double.NaN;
            }
            double[] sorted = offsetMs.clone();
            Arrays.sort(sorted);
            return sorted[(sorted.length - 1) / 2];
        }

        /** One line: windows used and skipped, p50/p99/max of |offset|. */
        public String summary() {
            return String.format(java.util.Locale.ROOT,
                    "windows used %d (%.0f%% of the sound), skipped %d (silent %d, weak %d, at the lag bound %d,"
                            + " ambiguous %d, outside %d); |offset| p50 %.3f ms, p99 %.3f ms, max %.3f ms;"
                            + " median offset %+.3f ms, from %+.3f to %+.3f ms",
                    used(), 100 * usedShareOfSound(), skipped(), skippedSilent, skippedWeak, skippedAtBound,
                    skippedAmbiguous, skippedOutside,
                    absQuantileMs(0.5), absQuantileMs(0.99), maxAbsMs(), medianMs(),
                    Arrays.stream(offsetMs).min().orElse(Double.NaN), Arrays.stream(offsetMs).max().orElse(Double.NaN));
        }
    }

    private final Settings settings;

    public ChannelAlignment(Settings settings) {
        this.settings = settings;
    }

    /** {@link #align(float[], float[], int)} around no offset. */
    public Result align(float[] reference, float[] other) {
        return align(reference, other, 0);
    }

    /**
     * Aligns {@code other} against {@code reference} window by window, searching lags {@code centreLag ±
     * maxLag} (samples); windows whose lag range would leave {@code other} are counted as outside.
     */
    public Result align(float[] reference, float[] other, int centreLag) {
        return align(reference, other, centreLag, 0, reference.length);
    }

    /**
     * For stations that may jump (a dropout, an unsynchronized start): the recording in segments of
     * {@code segmentSeconds}, each with its own coarse lag within ±{@code maxLag} samples ({@link #coarseLag}), its
     * windows aligned around that lag.
     */
    public Result alignTracking(float[] reference, float[] other, int maxLag, double segmentSeconds) {
        int segment = (int) (segmentSeconds * settings.sampleRate());
        List<Result> parts = new ArrayList<>();
        for (int from = 0; from < reference.length; from += segment) {
            int to = Math.min(reference.length, from + segment);
            int lag = coarseLag(reference, other, from, to, maxLag, 32);
            parts.add(align(reference, other, lag, from, to));
        }
        return Result.concat(parts);
    }

    /** The windows starting in [{@code from}, {@code to}) of the reference. */
    Result align(float[] reference, float[] other, int centreLag, int from, int to) {
        int w = settings.window();
        int hop = settings.hop();
        int maxLag = settings.maxLag();
        double[] energy = prefixEnergy(other);
        double silence = settings.silenceRms() * settings.silenceRms() * w;
        double[] ncc = new double[2 * maxLag + 1];
        int n = 0;
        double[] starts = new double[Math.max(0, (to - from) / hop + 2)];
        double[] offsets = new double[starts.length];
        int silent = 0;
        int weak = 0;
        int atBound = 0;
        int ambiguous = 0;
        int outside = 0;
        int first = (from + hop - 1) / hop * hop;
        for (int t = first; t < to && t + w <= reference.length; t += hop) {
            int lo = t + centreLag - maxLag;
            int hi = t + centreLag + maxLag + w;
            if (lo < 0 || hi > other.length) {
                outside++;
                continue;
            }
            double ex = 0;
            for (int k = 0; k < w; k++) {
                ex += (double) reference[t + k] * reference[t + k];
            }
            double eyAtCentre = energy[t + centreLag + w] - energy[t + centreLag];
            if (ex < silence || eyAtCentre < silence) {
                silent++;
                continue;
            }
            int best = 0;
            for (int j = 0; j < ncc.length; j++) {
                int s = lo + j;
                double ey = energy[s + w] - energy[s];
                double xy = 0;
                for (int k = 0; k < w; k++) {
                    xy += (double) reference[t + k] * other[s + k];
                }
                ncc[j] = ey <= 0 ? 0 : xy / Math.sqrt(ex * ey);
                if (ncc[j] > ncc[best]) {
                    best = j;
                }
            }
            if (ncc[best] < settings.minPeak()) {
                weak++;
                continue;
            }
            if (best == 0 || best == ncc.length - 1) {
                atBound++;
                continue;
            }
            if (secondPeak(ncc, best) >= settings.ambiguityRatio() * ncc[best]) {
                ambiguous++;
                continue;
            }
            double a = ncc[best - 1];
            double b = ncc[best];
            double c = ncc[best + 1];
            double denominator = a - 2 * b + c;
            double fraction = denominator == 0 ? 0 : 0.5 * (a - c) / denominator;
            double lag = centreLag + (best - maxLag) + fraction;
            starts[n] = (double) t / settings.sampleRate();
            offsets[n] = lag * 1000.0 / settings.sampleRate();
            n++;
        }
        return new Result(Arrays.copyOf(starts, n), Arrays.copyOf(offsets, n), silent, weak, atBound, ambiguous,
                outside);
    }

    /** The highest correlation outside the main lobe: past where it stops falling on either side of the peak. */
    private static double secondPeak(double[] ncc, int best) {
        int left = best;
        while (left > 0 && ncc[left - 1] <= ncc[left]) {
            left--;
        }
        int right = best;
        while (right < ncc.length - 1 && ncc[right + 1] <= ncc[right]) {
            right++;
        }
        double second = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < left; j++) {
            second = Math.max(second, ncc[j]);
        }
        for (int j = right + 1; j < ncc.length; j++) {
            second = Math.max(second, ncc[j]);
        }
        return second;
    }

    private static double[] prefixEnergy(float[] x) {
        double[] e = new double[x.length + 1];
        for (int i = 0; i < x.length; i++) {
            e[i + 1] = e[i] + (double) x[i] * x[i];
        }
        return e;
    }

    /**
     * The lag (samples, other behind reference) that best aligns the two whole channels within ±{@code maxLag}:
     * both averaged over blocks of {@code decimation} samples, correlated at every block lag.
     * For a first guess of a large offset, refined by {@link #align(float[], float[], int)} around it.
     */
    public static int coarseLag(float[] reference, float[] other, int maxLag, int decimation) {
        return coarseLag(reference, other, 0, reference.length, maxLag, decimation);
    }

    /** {@link #coarseLag(float[], float[], int, int)} of the reference's samples [{@code from}, {@code to}) only. */
    static int coarseLag(float[] reference, float[] other, int from, int to, int maxLag, int decimation) {
        float[] x = envelope(reference, decimation);
        float[] y = envelope(other, decimation);
        int maxBlocks = maxLag / decimation;
        int fromBlock = from / decimation;
        int toBlock = Math.min(x.length, to / decimation);
        int bestLag = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int lag = -maxBlocks; lag <= maxBlocks; lag++) {
            double xy = 0;
            double xx = 0;
            double yy = 0;
            for (int i = Math.max(fromBlock, -lag); i < toBlock && i + lag < y.length; i++) {
                xy += x[i] * y[i + lag];
                xx += x[i] * x[i];
                yy += y[i + lag] * y[i + lag];
            }
            double score = xx == 0 || yy == 0 ? 0 : xy / Math.sqrt(xx * yy);
            if (score > bestScore) {
                bestScore = score;
                bestLag = lag;
            }
        }
        return bestLag * decimation;
    }

    /**
     * Block means of x with the channel's mean removed: the sound low-passed and decimated, so the coarse search
     * costs a thousandth of a full one and still follows the waveform, not only its loudness.
     */
    private static float[] envelope(float[] x, int decimation) {
        float[] e = new float[x.length / decimation];
        double mean = 0;
        for (int b = 0; b < e.length; b++) {
            double sum = 0;
            for (int k = 0; k < decimation; k++) {
                sum += x[b * decimation + k];
            }
            e[b] = (float) (sum / decimation);
            mean += e[b];
        }
        mean /= Math.max(1, e.length);
        for (int b = 0; b < e.length; b++) {
            e[b] -= (float) mean;
        }
        return e;
    }
}
