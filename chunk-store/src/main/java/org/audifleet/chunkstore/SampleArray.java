package org.audifleet.chunkstore;

import java.util.Arrays;

import org.audifleet.wire.SampleRunSink;

/** Collects a whole frame's samples, for {@link ChunkFile#readSamples} callers that want them in one array. */
final class SampleArray implements SampleRunSink {

    private int[] samples = new int[1 << 16];
    private int count;

    @Override
    public void appendSamples(int[] counts, int offset, int length) {
        if (count + length > samples.length) {
            samples = Arrays.copyOf(samples, Math.max(samples.length * 2, count + length));
        }
        System.arraycopy(counts, offset, samples, count, length);
        count += length;
    }

    @Override
    public void appendGap(long missingSamples) {
        // a frame read without its manifest has no gaps
    }

    int[] toArray() {
        return Arrays.copyOf(samples, count);
    }
}
