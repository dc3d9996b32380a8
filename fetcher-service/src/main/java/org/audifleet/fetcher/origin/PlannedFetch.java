package org.audifleet.fetcher.origin;

import org.audifleet.wire.ChunkRecord;

/**
 * One chunk of a session as an origin planned it: everything a {@link ChunkRecord} says except the
 * payload, and where to get it ({@code path} is null when the origin already knows there is no data).
 */
public record PlannedFetch(int index, int count, ChunkRecord.Encoding encoding, long startMicros, double sampleRate,
        int skipSamples, int sampleCount, int gridSamples, int[] gaps, String path, String source) {

    public boolean hasData() {
        return path != null;
    }
}
