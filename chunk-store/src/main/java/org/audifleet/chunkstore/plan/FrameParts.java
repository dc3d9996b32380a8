package org.audifleet.chunkstore.plan;

import java.util.Arrays;

import org.audifleet.chunkstore.ChunkFile;
import org.audifleet.chunkstore.DayManifest;

/**
 * The frames of a chunk file in frames that a window needs, as the chunk of their own they make
 * ({@link PlannedChunk.Part}): a window inside a 6 h chunk then fetches and decodes a few frames around it instead
 * of every byte before it.
 */
final class FrameParts {

    private FrameParts() {
    }

    /**
     * The part of {@code entry}'s file holding grid samples {@code [skip, stop)}; null when it would be the whole
     * file, when the file's size is not listed (the last frame's end is unknown), or when a sample period is not a
     * whole number of µs (the part's own grid would round its instants differently from the chunk's).
     *
     * @param runs missing grid runs of the whole chunk, {@code (offset, length)} flattened, sorted, disjoint
     */
    static PlannedChunk.Part part(DayManifest.Chunk entry, int[] runs, int grid, int skip, int stop,
            long chunkStartUs, double rate) {
        double period = 1_000_000.0 / rate;
        if (period != Math.rint(period) || entry.bytes() <= 0) {
            return null;
        }
        ChunkFile.Span span = entry.frames().span(storedBefore(runs, skip), storedBefore(runs, stop), entry.bytes());
        if (span.firstByte() == 0 && span.endByte() == entry.bytes()) {
            return null;
        }
        long endSample = Math.min(span.endSample(), entry.samples());
        // A window starting in a gap starts the part there: the gap's grid samples before the frame's first.
        int gridFrom = (int) Math.min(skip, gridOf(runs, span.firstSample()));
        int gridTo = endSample >= entry.samples() ? grid : (int) gridOf(runs, endSample);
        return new PlannedChunk.Part(span.firstByte(), span.endByte(), chunkStartUs + (long) period * gridFrom,
                gridFrom, gridTo - gridFrom, skip - gridFrom, clip(runs, gridFrom, gridTo),
                (int) (endSample - span.firstSample()));
    }

    /** Stored samples (grid samples outside the gaps) before grid sample {@code g}. */
    static long storedBefore(int[] runs, long g) {
        long missing = 0;
        for (int i = 0; i + 1 < runs.length; i += 2) {
            missing += Math.max(0, Math.min((long) runs[i] + runs[i + 1], g) - runs[i]);
        }
        return g - missing;
    }

    /** The grid sample of stored sample {@code stored}. */
    static long gridOf(int[] runs, long stored) {
        long position = 0;
        long left = stored;
        for (int i = 0; i + 1 < runs.length; i += 2) {
            long before = runs[i] - position;
            if (left < before) {
                return position + left;
            }
            left -= before;
            position = (long) runs[i] + runs[i + 1];
        }
        return position + left;
    }

    /** The runs inside {@code [from, to)}, relative to {@code from}. */
    static int[] clip(int[] runs, int from, int to) {
        int[] out = new int[runs.length];
        int n = 0;
        for (int i = 0; i + 1 < runs.length; i += 2) {
            int a = Math.max(runs[i], from);
            int b = Math.min(runs[i] + runs[i + 1], to);
            if (a < b) {
                out[n++] = a - from;
                out[n++] = b - a;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
