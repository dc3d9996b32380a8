package org.audifleet.fetcher.origin;

import org.audifleet.wire.ChunkRecord;

/**
 * One chunk of a session as an origin planned it: everything a {@link ChunkRecord} says except the
 * payload, and where to get it ({@code path} is null when the origin already knows there is no data).
 * {@code range}, when not null, is the part of the file the window needs (a chunk file in frames).
 */
public record PlannedFetch(int index, int count, ChunkRecord.Encoding encoding, long startMicros, double sampleRate,
        int skipSamples, int sampleCount, int gridSamples, int[] gaps, String path, String source, Range range) {

    /** A chunk fetched whole. */
    public PlannedFetch(int index, int count, ChunkRecord.Encoding encoding, long startMicros, double sampleRate,
            int skipSamples, int sampleCount, int gridSamples, int[] gaps, String path, String source) {
        this(index, count, encoding, startMicros, sampleRate, skipSamples, sampleCount, gridSamples, gaps, path,
                source, null);
    }

    /**
     * Bytes {@code [firstByte, endByte)} of the chunk's file, and the chunk they make on their own ({@code chunk}:
     * the same index, window and instants, a shorter grid), to publish instead when the origin serves that range.
     */
    public record Range(long firstByte, long endByte, PlannedFetch chunk) {
    }

    public boolean hasData() {
        return path != null;
    }
}
