package org.audifleet.waveform.pyramid;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.audifleet.wire.SampleRunSink;

/**
 * Min/max of consecutive buckets of one trace at several zoom levels, built as blocks of samples and gaps
 * arrive.
 *
 * <p>Bucket {@code k} of a level with {@code n} samples per bucket covers sample positions
 * {@code [k*n, (k+1)*n)} counted from the session start; positions inside gaps count, so buckets stay
 * aligned with data time. A bucket with no present sample is empty: {@code min > max}
 * ({@link Integer#MAX_VALUE}, {@link Integer#MIN_VALUE}), the same convention as
 * {@code org.audifleet.wire.MinMaxBlock}. A bucket partly in a gap holds the min/max of its present samples.
 * {@link #finish()} closes the last, partial bucket of every level.
 *
 * <p>A level whose bucket size is a multiple of a finer level's is folded from that level's buckets (the
 * coarsest such divisor), which is exact because min and max are associative and the empty bucket is their
 * identity; only levels with no finer divisor read the samples. With powers of two the samples are read once.
 *
 * <p>Not thread-safe: one session is fed by one thread.
 */
public final class MinMaxPyramid implements SampleRunSink {

    static final int EMPTY_MIN = Integer.MAX_VALUE;
    static final int EMPTY_MAX = Integer.MIN_VALUE;

    private final PyramidLevel[] levels;
    private long positions;
    private boolean finished;
    private long peak;
    private int peakScanned;

    /** @param samplesPerBucket bucket sizes, each at least 1; order and duplicates do not matter */
    public MinMaxPyramid(int... samplesPerBucket) {
        // A loop, not a stream: bin/waveform builds a pyramid per run, and streams cost it start-up time.
        int[] sorted = samplesPerBucket.clone();
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        int[] sizes = Arrays.copyOf(sorted, distinct);
        if (sizes.length == 0 || sizes[0] < 1) {
            throw new IllegalArgumentException("need at least one level of 1 or more samples per bucket, got "
                    + Arrays.toString(samplesPerBucket));
        }
        levels = new PyramidLevel[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            int source = -1;
            for (int j = i - 1; j >= 0 && source < 0; j--) {
                if (sizes[i] % sizes[j] == 0) {
                    source = j;
                }
            }
            int units = source < 0 ? sizes[i] : sizes[i] / sizes[source];
            levels[i] = new PyramidLevel(sizes[i], source, units);
        }
    }

    /** Levels of {@code finest, 2*finest, 4*finest, ...} up to {@code coarsest}, both powers of two. */
    public static MinMaxPyramid powersOfTwo(int finest, int coarsest) {
        if (Integer.bitCount(finest) != 1 || Integer.bitCount(coarsest) != 1 || coarsest < finest) {
            throw new IllegalArgumentException("want powers of two, finest <= coarsest: " + finest + ", " + coarsest);
        }
        int[] sizes = new int[Integer.numberOfTrailingZeros(coarsest) - Integer.numberOfTrailingZeros(finest) + 1];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = finest << i;
        }
        return new MinMaxPyramid(sizes);
    }

    @Override
    public void appendSamples(int[] samples, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, samples.length);
        checkOpen();
        for (PyramidLevel level : levels) {
            if (level.source < 0) {
                level.addSamples(samples, offset, length);
            }
        }
        positions += length;
        cascade();
    }

    /** {@code missing} absent samples (a gap block). */
    @Override
    public void appendGap(long missing) {
        if (missing < 0) {
            throw new IllegalArgumentException("negative gap " + missing);
        }
        checkOpen();
        for (PyramidLevel level : levels) {
            if (level.source < 0) {
                level.addGap(missing);
            }
        }
        positions += missing;
        cascade();
    }

    /** Closes the last, partial bucket of every level; nothing may be appended afterwards. */
    public void finish() {
        if (finished) {
            return;
        }
        // Ascending order: a level's source is flushed before the level folds it in.
        for (PyramidLevel level : levels) {
            if (level.source >= 0) {
                level.foldFrom(levels[level.source]);
            }
            level.flush();
        }
        finished = true;
    }

    private void cascade() {
        for (PyramidLevel level : levels) {
            if (level.source >= 0) {
                level.foldFrom(levels[level.source]);
            }
        }
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("pyramid already finished");
        }
    }

    /**
     * The buckets that became final since the last call, one entry per level that has any, finest first. The
     * service publishes these while the session is still decoding.
     */
    public List<Buckets> drain() {
        List<Buckets> out = new ArrayList<>();
        for (PyramidLevel level : levels) {
            if (level.count > level.drained) {
                out.add(level.copy(level.drained, level.count - level.drained));
                level.drained = level.count;
            }
        }
        return out;
    }

    /**
     * Frees the buckets every earlier {@link #drain()} has handed out (and coarser levels have folded in), so
     * a pyramid fed for hours and drained as it goes holds only what is not yet final; bucket numbers do not
     * change. The offline tool streams a file of any length this way; the service keeps its buckets for HTTP.
     */
    public void forgetDrained() {
        peak();
        for (int i = 0; i < levels.length; i++) {
            PyramidLevel l = levels[i];
            int keepFrom = l.drained;
            for (PyramidLevel coarser : levels) {
                if (coarser.source == i) {
                    keepFrom = Math.min(keepFrom, coarser.consumed);
                }
            }
            if (i == 0) {
                keepFrom = Math.min(keepFrom, peakScanned);
            }
            if (keepFrom == 0) {
                continue;
            }
            System.arraycopy(l.mins, keepFrom, l.mins, 0, l.count - keepFrom);
            System.arraycopy(l.maxs, keepFrom, l.maxs, 0, l.count - keepFrom);
            l.count -= keepFrom;
            l.drained -= keepFrom;
            l.base += keepFrom;
            for (PyramidLevel coarser : levels) {
                if (coarser.source == i) {
                    coarser.consumed -= keepFrom;
                }
            }
            if (i == 0) {
                peakScanned -= keepFrom;
            }
        }
    }

    public int levelCount() {
        return levels.length;
    }

    public int samplesPerBucket(int level) {
        return levels[level].samplesPerBucket;
    }

    /** Index of the level with exactly this bucket size, or -1. */
    public int levelOf(int samplesPerBucket) {
        for (int i = 0; i < levels.length; i++) {
            if (levels[i].samplesPerBucket == samplesPerBucket) {
                return i;
            }
        }
        return -1;
    }

    /** Final buckets of a level so far (all of them after {@link #finish()}), forgotten ones included. */
    public int bucketCount(int level) {
        return (int) (levels[level].base + levels[level].count);
    }

    /** A copy of {@code count} final buckets of a level from bucket {@code first} (not forgotten). */
    public Buckets buckets(int level, int first, int count) {
        PyramidLevel l = levels[level];
        if (first < l.base) {
            throw new IllegalStateException("buckets before " + l.base + " of level " + level + " were forgotten");
        }
        Objects.checkFromIndexSize(first - l.base, count, l.count);
        return l.copy((int) (first - l.base), count);
    }

    public Buckets buckets(int level) {
        return buckets(level, (int) levels[level].base, levels[level].count);
    }

    /** Sample positions appended, gaps included. */
    public long positions() {
        return positions;
    }

    public boolean finished() {
        return finished;
    }

    /** Largest |sample| appended so far (0 if none), the scale for 8/16-bit output. */
    public long peak() {
        // Level 0 has no finer level, so it reads the samples: its buckets plus its partial cover all of them.
        PyramidLevel l = levels[0];
        long p = peak;
        for (int i = peakScanned; i < l.count; i++) {
            if (l.mins[i] <= l.maxs[i]) {
                p = Math.max(p, Math.max(-(long) l.mins[i], l.maxs[i]));
            }
        }
        peak = p;
        peakScanned = l.count;
        if (l.partMin <= l.partMax) {
            p = Math.max(p, Math.max(-(long) l.partMin, l.partMax));
        }
        return p;
    }
}
