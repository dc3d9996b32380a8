package org.audifleet.chunkstore.plan;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

import org.audifleet.chunkstore.ChunkSize;
import org.audifleet.wire.Micros;

/**
 * One chunk a session needs, positioned on the chunk's sample grid exactly as
 * {@code org.audifleet.wire.ChunkRecord} carries it: grid sample {@code i} is at
 * {@code startMicros + i / sampleRate}, the chunk has {@link #gridSamples()} of them, and the session
 * keeps grid samples {@code [skipSamples, skipSamples + sampleCount)}.
 *
 * @param index          position in the session, from 0
 * @param path           file path relative to the store root, {@code null} when there is nothing to
 *                       fetch (chunk missing, listed empty, or no data inside the window)
 * @param startMicros    grid sample 0 of the chunk, epoch µs
 * @param gaps           missing grid runs of the whole chunk as {@code (offset, length)} pairs flattened,
 *                       sorted and disjoint; one run covering the chunk when {@code path} is null
 * @param presentSamples samples the file decodes to (grid samples minus gap samples), 0 when
 *                       {@code path} is null
 */
public record PlannedChunk(int index, ChunkSize size, String path, long startMicros, double sampleRate,
        int skipSamples, int sampleCount, int[] gaps, int presentSamples) {

    public PlannedChunk {
        Objects.requireNonNull(size, "size");
        gaps = gaps == null ? new int[0] : gaps.clone();
        if (gaps.length % 2 != 0) {
            throw new IllegalArgumentException("gaps must be (offset, length) pairs");
        }
    }

    /** Whether there is a file to fetch; otherwise the chunk travels as a gap. */
    public boolean hasData() {
        return path != null;
    }

    /** Grid samples in the whole chunk (size × rate). */
    public int gridSamples() {
        return (int) Math.round(size.duration().getSeconds() * sampleRate);
    }

    public Instant start() {
        return Micros.toInstant(startMicros);
    }

    @Override
    public int[] gaps() {
        return gaps.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PlannedChunk that && index == that.index && size == that.size
                && Objects.equals(path, that.path) && startMicros == that.startMicros
                && Double.compare(sampleRate, that.sampleRate) == 0 && skipSamples == that.skipSamples
                && sampleCount == that.sampleCount && Arrays.equals(gaps, that.gaps)
                && presentSamples == that.presentSamples;
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, size, path, startMicros, sampleRate, skipSamples, sampleCount,
                Arrays.hashCode(gaps), presentSamples);
    }

    @Override
    public String toString() {
        return "PlannedChunk[" + index + " " + size.label() + " " + start() + " " + (path == null ? "(gap)" : path)
                + " rate=" + sampleRate + " skip=" + skipSamples + " count=" + sampleCount + " gaps="
                + Arrays.toString(gaps) + " present=" + presentSamples + "]";
    }
}
