package org.audifleet.chunkstore;

import java.util.ArrayList;
import java.util.List;

import org.audifleet.wire.SampleRunSink;

/** Expands what a sink received to a grid: gaps become Long.MIN_VALUE markers. For the chunk-store tests. */
public final class GridSink implements SampleRunSink {

    final List<Long> values = new ArrayList<>();

    @Override
    public void appendSamples(int[] counts, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            values.add((long) counts[i]);
        }
    }

    @Override
    public void appendGap(long missingSamples) {
        for (long i = 0; i < missingSamples; i++) {
            values.add(Long.MIN_VALUE);
        }
    }

    public long[] toArray() {
        return values.stream().mapToLong(Long::longValue).toArray();
    }
}
