package org.audifleet.fetcher.fetch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.audifleet.wire.ChunkRecord;

/**
 * Cuts a chunk's payload into the fragments it travels in on chunks.raw (wire/README.md, ChunkRecord version 3):
 * the first {@code firstBytes} long, each later one twice the one before, so the first blocks of a chunk of any size
 * can be decoded as soon as a small record has arrived, while a large chunk is still only a handful of records (and
 * the decoder, which decodes the growing head again, does about twice the work of one decode). Only zstd chunk-store
 * payloads are cut: a miniSEED chunk is decoded whole (its records may come in any order), so it stays one record.
 */
final class ChunkFragments {

    private final int firstBytes;

    ChunkFragments(int firstBytes) {
        if (firstBytes < 1) {
            throw new IllegalArgumentException("first fragment of " + firstBytes + " bytes");
        }
        this.firstBytes = firstBytes;
    }

    /** The chunk as the records to publish, in order: itself alone when it is not cut. */
    List<ChunkRecord> of(ChunkRecord chunk) {
        byte[] payload = chunk.payload();
        if (chunk.kind() != ChunkRecord.Kind.DATA || chunk.encoding() != ChunkRecord.Encoding.ZSTD_INT32_LE
                || payload.length <= firstBytes) {
            return List.of(chunk);
        }
        List<int[]> ranges = new ArrayList<>();
        long size = firstBytes;
        for (int from = 0; from < payload.length; ) {
            int to = (int) Math.min(payload.length, from + size);
            ranges.add(new int[] {from, to});
            from = to;
            size = Math.min(size * 2, Integer.MAX_VALUE);
        }
        List<ChunkRecord> fragments = new ArrayList<>(ranges.size());
        for (int i = 0; i < ranges.size(); i++) {
            int[] r = ranges.get(i);
            fragments.add(chunk.fragment(i, ranges.size(), Arrays.copyOfRange(payload, r[0], r[1])));
        }
        return fragments;
    }
}
