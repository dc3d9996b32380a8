package org.audifleet.player.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.audifleet.wire.SampleRunSink;

/**
 * The whole session's samples, addressable by data-sample index from the session start, filled by one producer
 * (the Kafka consumer thread) and read by one consumer (the render thread). Nothing is ever overwritten, so seeking
 * anywhere inside what has arrived is just an index.
 *
 * <p>Memory: int32 counts, 4 bytes a sample: 1.44 MB per hour at 100 Hz, 34.6 MB for 24 h. Storage comes in pages
 * of 65,536 samples (256 KB, ~11 min at 100 Hz) allocated by the producer as data arrives, so a 10-minute session
 * costs 256 KB, not the capacity. A page that only ever holds gap samples is never allocated: gaps cost nothing.
 *
 * <p>Capacity: appends past {@code capacitySamples} are dropped and counted ({@link #droppedSamples()}); the
 * session is then complete at the capacity and playback ends there, and {@link #available()} says how much was
 * kept. A larger session needs a larger capacity setting (and heap).
 *
 * <p>Publication: samples are written into their page first, then the volatile write index moves past them, so the
 * reader never sees an index ahead of its data. Only the producer writes; its methods must not be called from two
 * threads at once.
 *
 * <p>Decimated levels: as data arrives the producer also makes copies of the session at 1/4, 1/16 and 1/64 of its
 * rate ({@link DecimatedLevel}, at most a third more memory), so that fast speeds play band-limited; it computes
 * them before it publishes the data, so a reader that sees the session complete sees its levels complete.
 */
public final class SessionBuffer implements SampleRunSink, SampleSource {

    static final int PAGE_BITS = 16;
    static final int PAGE_SIZE = 1 << PAGE_BITS;
    static final int PAGE_MASK = PAGE_SIZE - 1;
    /** Decimated levels beside the session itself: factors 4, 16 and 64. */
    static final int LEVELS = 3;

    /** A run of missing samples, played as silence: {@code [start, start + length)} in data-sample indices. */
    public record Gap(long start, long length) {
    }

    private final long capacity;
    private final int[][] pages;
    private volatile long written;
    private volatile boolean ended;
    private volatile long dropped;
    private volatile int allocatedPages;
    private volatile long[] gapStarts = new long[16];
    private volatile long[] gapLengths = new long[16];
    private volatile int gapCount;
    private volatile Thread waiter;
    private final DecimatedLevel[] levels = new DecimatedLevel[LEVELS];
    private final RunningTrend trend = new RunningTrend();

    public SessionBuffer(long capacitySamples) {
        if (capacitySamples < 1 || capacitySamples > (long) Integer.MAX_VALUE * PAGE_SIZE) {
            throw new IllegalArgumentException("capacity of " + capacitySamples + " samples is out of range");
        }
        this.capacity = capacitySamples;
        this.pages = new int[(int) ((capacitySamples + PAGE_SIZE - 1) >>> PAGE_BITS)][];
        SampleSource below = this;
        int factor = 1;
        for (int i = 0; i < LEVELS; i++) {
            levels[i] = new DecimatedLevel(below, factor, capacitySamples);
            below = levels[i];
            factor = levels[i].factor();
        }
    }

    /** Bytes a buffer holding {@code hours} of data at {@code sourceRate} takes: 4 bytes a sample. */
    public static long bytesFor(double sourceRate, double hours) {
        return (long) Math.ceil(sourceRate * 3600 * hours) * Integer.BYTES;
    }

    /** Appends counts as the sensor recorded them; past the capacity they are dropped and counted. */
    @Override
    public void appendSamples(int[] counts, int off, int len) {
        if (off < 0 || len < 0 || off + len > counts.length) {
            throw new IndexOutOfBoundsException("off " + off + ", len " + len + " in " + counts.length);
        }
        checkOpen();
        long w = written;
        int keep = (int) Math.min(len, capacity - w);
        int done = 0;
        while (done < keep) {
            long at = w + done;
            int p = (int) (at >>> PAGE_BITS);
            int[] page = pages[p];
            if (page == null) {
                page = new int[PAGE_SIZE];
                pages[p] = page;
                allocatedPages = allocatedPages + 1;
            }
            int inPage = (int) (at & PAGE_MASK);
            int n = Math.min(keep - done, PAGE_SIZE - inPage);
            System.arraycopy(counts, off + done, page, inPage, n);
            done += n;
        }
        if (keep < len) {
            dropped = dropped + (len - keep);
        }
        trend.observe(w, counts, off, keep);
        advanceLevels(w + keep, w + keep == capacity);
        written = w + keep;
        wake();
    }

    /** The DC estimate over the samples buffered so far (gaps left out), for the sound's DC removal. */
    RunningTrend trend() {
        return trend;
    }

    /** Appends {@code missingSamples} of silence and records where the gap is, for display; capped like samples. */
    @Override
    public void appendGap(long missingSamples) {
        if (missingSamples < 0) {
            throw new IllegalArgumentException("gap of " + missingSamples + " samples");
        }
        checkOpen();
        long w = written;
        long keep = Math.min(missingSamples, capacity - w);
        if (keep > 0) {
            recordGap(w, keep);
        }
        if (keep < missingSamples) {
            dropped = dropped + (missingSamples - keep);
        }
        // Positions never written read as 0 (fresh pages are zeroed; absent pages read as 0), so nothing to fill.
        advanceLevels(w + keep, w + keep == capacity);
        written = w + keep;
        wake();
    }

    /** No more data will come: the engine plays what is buffered, then finishes. */
    public void endOfSession() {
        advanceLevels(written, true);
        ended = true;
        wake();
    }

    /** Brings each level up to what {@code sessionAvailable} samples allow, lowest first (each reads the one below). */
    private void advanceLevels(long sessionAvailable, boolean complete) {
        long below = sessionAvailable;
        for (DecimatedLevel level : levels) {
            level.advance(below, complete);
            below = level.available();
        }
    }

    private void checkOpen() {
        if (ended) {
            throw new IllegalStateException("session already ended");
        }
    }

    private void recordGap(long start, long length) {
        int n = gapCount;
        long[] starts = gapStarts;
        long[] lengths = gapLengths;
        if (n > 0 && starts[n - 1] + lengths[n - 1] == start) {
            // Adjacent gaps are one silence to a listener; extend the published entry in place. A reader racing
            // this sees the old or new length, both true at some instant.
            lengths[n - 1] += length;
            gapLengths = lengths;
            return;
        }
        if (n == starts.length) {
            starts = java.util.Arrays.copyOf(starts, n * 2);
            lengths = java.util.Arrays.copyOf(lengths, n * 2);
        }
        starts[n] = start;
        lengths[n] = length;
        gapStarts = starts;
        gapLengths = lengths;
        gapCount = n + 1;
    }

    private void wake() {
        Thread t = waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Parks the calling (render) thread until the producer appends, ends the session, or the timeout passes. */
    void awaitData(long timeoutNanos) {
        waiter = Thread.currentThread();
        LockSupport.parkNanos(this, timeoutNanos);
        waiter = null;
    }

    /** Sample {@code index}, or 0 outside {@code [0, limit)}; {@code limit} is a value of {@link #available()}. */
    int sample(long index, long limit) {
        if (index < 0 || index >= limit) {
            return 0;
        }
        int[] page = pages[(int) (index >>> PAGE_BITS)];
        return page == null ? 0 : page[(int) (index & PAGE_MASK)];
    }

    @Override
    public double value(long index, long limit) {
        return sample(index, limit);
    }

    /** Decimated level {@code i} (0 to {@value #LEVELS} - 1: factors 4, 16, 64), for the renderer to read. */
    DecimatedLevel level(int i) {
        return levels[i];
    }

    /** Samples (data and gap) appended so far: valid indices are {@code [0, available())}. */
    @Override
    public long available() {
        return written;
    }

    /** True once no more samples can come: the session ended or the capacity is full. */
    public boolean complete() {
        return ended || written == capacity;
    }

    public boolean ended() {
        return ended;
    }

    public long capacity() {
        return capacity;
    }

    /** Samples refused because the capacity was reached. */
    public long droppedSamples() {
        return dropped;
    }

    /** Heap held by sample pages right now (the decimated levels' are {@link #decimatedMemoryBytes()}). */
    public long memoryBytes() {
        return (long) allocatedPages * PAGE_SIZE * Integer.BYTES;
    }

    /**
     * Heap held by the decimated levels' pages right now: a third of {@link #memoryBytes()} (each level's page spans
     * a buffer page's stretch of the session), plus a page a level where data meets a gap that filled no page.
     */
    public long decimatedMemoryBytes() {
        long bytes = 0;
        for (DecimatedLevel level : levels) {
            bytes += level.memoryBytes();
        }
        return bytes;
    }

    /** The gaps recorded so far, in order. Allocates; call it from a UI or control thread. */
    public List<Gap> gaps() {
        int n = gapCount;
        long[] starts = gapStarts;
        long[] lengths = gapLengths;
        List<Gap> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Gap(starts[i], lengths[i]));
        }
        return out;
    }
}
