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
 * @param part           the frames of the file the window needs, when the file is in frames
 *                       ({@code DayManifest.Chunk.frames}) and the chunk's grid sits on whole µs; else null
 */
public record PlannedChunk(int index, ChunkSize size, String path, long startMicros, double sampleRate,
        int skipSamples, int sampleCount, int[] gaps, int presentSamples, Part part) {

    public PlannedChunk {
        Objects.requireNonNull(size, "size");
        gaps = gaps == null ? new int[0] : gaps.clone();
        if (gaps.length % 2 != 0) {
            throw new IllegalArgumentException("gaps must be (offset, length) pairs");
        }
    }

    /** A chunk fetched whole. */
    public PlannedChunk(int index, ChunkSize size, String path, long startMicros, double sampleRate, int skipSamples,
            int sampleCount, int[] gaps, int presentSamples) {
        this(index, size, path, startMicros, sampleRate, skipSamples, sampleCount, gaps, presentSamples, null);
    }

    /**
     * Bytes {@code [firstByte, endByte)} of the chunk's file, whole frames that hold every stored sample of the
     * window: a chunk of its own whose grid is the chunk's grid samples {@code [gridFrom, gridFrom + gridSamples)},
     * starting at {@code startMicros}, with {@code gaps} relative to it and {@code presentSamples} stored, of which
     * the session keeps grid samples {@code [skipSamples, skipSamples + sampleCount)} (the chunk's skip less
     * {@code gridFrom}, the same count). Its grid samples fall on the same instants as the whole chunk's, so its
     * blocks are the same blocks.
     */
    public record Part(long firstByte, long endByte, long startMicros, int gridFrom, int gridSamples,
            int skipSamples, int[] gaps, int presentSamples) {

        public Part {
            gaps = gaps.clone();
        }

        @Override
        public int[] gaps() {
            return gaps.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Part that && firstByte == that.firstByte && endByte == that.endByte
                    && startMicros == that.startMicros && gridFrom == that.gridFrom
                    && gridSamples == that.gridSamples && skipSamples == that.skipSamples
                    && Arrays.equals(gaps, that.gaps) && presentSamples == that.presentSamples;
        }

        @Override
        public int hashCode() {
            return Objects.hash(firstByte, endByte, startMicros, gridFrom, gridSamples, skipSamples,
                    Arrays.hashCode(gaps), presentSamples);
        }

        @Override
        public String toString() {
            return "Part[bytes " + firstByte + ".." + endByte + " grid " + gridFrom + "+" + gridSamples + " skip="
                    + skipSamples + " gaps=" + Arrays.toString(gaps) + " stored=" + presentSamples + "]";
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
                && presentSamples == that.presentSamples && Objects.equals(part, that.part);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, size, path, startMicros, sampleRate, skipSamples, sampleCount,
                Arrays.hashCode(gaps), presentSamples, part);
    }

    @Override
    public String toString() {
        return "PlannedChunk[" + index + " " + size.label() + " " + start() + " " + (path == null ? "(gap)" : path)
                + " rate=" + sampleRate + " skip=" + skipSamples + " count=" + sampleCount + " gaps="
                + Arrays.toString(gaps) + " present=" + presentSamples + (part == null ? "" : " " + part) + "]";
    }
}
