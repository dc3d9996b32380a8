package org.audifleet.player.engine;

/**
 * A copy of the session at 1/{@link #factor()} of its rate (4, 16, 64), band-limited by {@link DecimationFilter},
 * so that the renderer can read fast speeds through the {@link Resampler} at a few level samples per output frame
 * instead of hundreds of session samples. Level sample {@code m} is the session at index {@code m × factor}.
 *
 * <p>Made by the producer as blocks arrive ({@link SessionBuffer} calls {@link #advance} before it publishes the
 * data), each level from the one below it: a sample is computed once every input it reads has arrived, so a level
 * trails its source by {@value DecimationFilter#HALF_TAPS} source samples until the session is complete, when the
 * rest is computed with silence past the end (as the resampler reads it).
 *
 * <p>Memory: floats (4 bytes, 24-bit precision, ~140 dB below the signal) in pages that span the same stretch of
 * the session as the buffer's own, 65,536 / factor samples, allocated when a non-zero sample lands in them. The
 * three levels cost 1/4 + 1/16 + 1/64 = 33 % of the buffer's pages at most, and a gap costs nothing here either.
 * Publication as in {@link SessionBuffer}: data into its page first, then the volatile count moves past it.
 */
final class DecimatedLevel implements SampleSource {

    private final SampleSource source;
    private final int factor;
    private final int pageBits;
    private final int pageMask;
    private final long capacity;
    private final float[][] pages;
    private volatile long written;
    private volatile int allocatedPages;

    /** A level {@value DecimationFilter#FACTOR} times below {@code source}, which is {@code sourceFactor} below the session. */
    DecimatedLevel(SampleSource source, int sourceFactor, long sessionCapacity) {
        this.source = source;
        this.factor = sourceFactor * DecimationFilter.FACTOR;
        int shift = Integer.numberOfTrailingZeros(factor);
        this.pageBits = SessionBuffer.PAGE_BITS - shift;
        this.pageMask = (1 << pageBits) - 1;
        this.capacity = (sessionCapacity + factor - 1) / factor;
        this.pages = new float[(int) ((capacity + pageMask) >>> pageBits)][];
    }

    /**
     * Computes what the source's {@code sourceAvailable} samples now allow: every sample whose inputs have all
     * arrived, or, once {@code complete}, every sample up to the end. Producer thread only.
     */
    void advance(long sourceAvailable, boolean complete) {
        long target;
        if (complete) {
            target = (sourceAvailable + DecimationFilter.FACTOR - 1) / DecimationFilter.FACTOR;
        } else {
            long lastInput = sourceAvailable - 1 - DecimationFilter.HALF_TAPS;
            target = lastInput < 0 ? 0 : lastInput / DecimationFilter.FACTOR + 1;
        }
        target = Math.min(target, capacity);
        long m = written;
        if (target <= m) {
            return;
        }
        DecimationFilter filter = DecimationFilter.QUARTER_BAND;
        for (; m < target; m++) {
            double y = filter.at(source, m * DecimationFilter.FACTOR, sourceAvailable);
            if (y != 0) {
                store(m, (float) y);
            }
        }
        written = target;
    }

    private void store(long m, float y) {
        int p = (int) (m >>> pageBits);
        float[] page = pages[p];
        if (page == null) {
            page = new float[pageMask + 1];
            pages[p] = page;
            allocatedPages = allocatedPages + 1;
        }
        page[(int) (m & pageMask)] = y;
    }

    @Override
    public double value(long index, long limit) {
        if (index < 0 || index >= limit) {
            return 0;
        }
        float[] page = pages[(int) (index >>> pageBits)];
        return page == null ? 0 : page[(int) (index & pageMask)];
    }

    @Override
    public long available() {
        return written;
    }

    /** Session samples per level sample. */
    int factor() {
        return factor;
    }

    /** Heap held by this level's pages right now. */
    long memoryBytes() {
        return (long) allocatedPages * (pageMask + 1) * Float.BYTES;
    }
}
