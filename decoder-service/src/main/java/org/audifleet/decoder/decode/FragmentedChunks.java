package org.audifleet.decoder.decode;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.PcmBlock;

/**
 * Decodes chunks that travel as fragments (wire/README.md, ChunkRecord version 3), so a chunk's first blocks leave
 * when its first fragment arrives instead of after its whole payload.
 *
 * <p>The state kept between a chunk's fragments is small and rebuildable: the payload bytes so far and which blocks
 * have gone out. Each fragment's blocks are those {@link ChunkDecoder#decodeHead} settles for the bytes up to and
 * including it, less those the earlier fragments already sent; the last fragment decodes the whole payload
 * ({@link ChunkDecoder#decode}: caps, defects, the last block) and sends what is left. Because the blocks a head
 * settles depend only on its bytes, the state after fragment {@code j} is rebuilt anywhere by decoding fragments
 * {@code 0..j} again without sending: that is how a restarted decoder (or one that evicted the chunk, or a
 * fragment redelivered after its transaction aborted) carries on with exactly the blocks not yet committed.
 *
 * <p>Decoding the growing head again costs about twice the payload's decompression when the fetcher doubles the
 * fragments' sizes; once the head covers the window no more head decodes are done. A chunk's fragments come in order
 * on one partition, so one listener thread handles them; the map of kept chunks is shared and locked.
 */
public final class FragmentedChunks {

    /** Where the payloads of a fragment's earlier fragments come from when this instance did not keep them. */
    @FunctionalInterface
    public interface EarlierFragments {
        /** The payloads of fragments {@code 0 .. fragment.fragmentIndex() - 1}, in order. */
        List<byte[]> of(ChunkRecord fragment);
    }

    private record Key(UUID session, int chunkIndex) {
    }

    private final ChunkDecoder decoder;
    private final Map<Key, Progress> open;

    /**
     * @param openChunks chunks whose state is kept between fragments (least recently used evicted; an evicted chunk
     *                   is rebuilt from its earlier fragments)
     */
    public FragmentedChunks(ChunkDecoder decoder, int openChunks) {
        this.decoder = decoder;
        this.open = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Progress> eldest) {
                return size() > openChunks;
            }
        };
    }

    /**
     * Hands {@code out} the blocks this fragment adds to its chunk, in order.
     *
     * @return the chunk's defect, only ever on its last fragment
     */
    public Optional<ChunkDefect> decode(ChunkRecord fragment, EarlierFragments earlier, Consumer<PcmBlock> out) {
        if (fragment.fragmentCount() == 1) {
            return decoder.decode(fragment, out);
        }
        Key key = new Key(fragment.sessionId(), fragment.chunkIndex());
        Progress progress;
        synchronized (open) {
            progress = open.remove(key);
        }
        if (fragment.fragmentIndex() == 0 || progress == null || progress.fragments != fragment.fragmentIndex()) {
            // Not the fragment that follows what is kept (a new chunk, a restart, an eviction, a redelivery): the
            // state after the previous fragment is rebuilt from the fragments before this one.
            progress = rebuild(fragment, fragment.fragmentIndex() == 0 ? List.of() : earlier.of(fragment));
        }
        progress.payload.writeBytes(fragment.payload());
        progress.fragments++;
        ChunkRecord head = fragment.fragment(0, 1, progress.payload.toByteArray());
        if (fragment.lastFragment()) {
            Optional<ChunkDefect> defect = decoder.decode(head, progress.continuing(out));
            return progress.finish(head, defect, out);
        }
        if (!progress.windowCovered) {
            progress.windowCovered = decoder.decodeHead(head, progress.continuing(out));
        }
        synchronized (open) {
            open.put(key, progress);
        }
        return Optional.empty();
    }

    private Progress rebuild(ChunkRecord fragment, List<byte[]> earlierPayloads) {
        if (earlierPayloads.size() != fragment.fragmentIndex()) {
            throw new IllegalStateException("fragment " + fragment.fragmentIndex() + " of chunk "
                    + fragment.chunkIndex() + " of session " + fragment.sessionId() + ": found "
                    + earlierPayloads.size() + " of the fragments before it");
        }
        Progress progress = new Progress(fragment);
        earlierPayloads.forEach(progress.payload::writeBytes);
        progress.fragments = earlierPayloads.size();
        if (!earlierPayloads.isEmpty()) {
            progress.windowCovered = decoder.decodeHead(fragment.fragment(0, 1, progress.payload.toByteArray()),
                    progress.continuing(block -> { }));
        }
        return progress;
    }

    /** Chunks whose state is kept now (for tests). */
    int openChunks() {
        synchronized (open) {
            return open.size();
        }
    }

    /** One chunk being received: its payload so far, the blocks sent so far and the grid position they reach. */
    private static final class Progress {
        final ByteArrayOutputStream payload = new ByteArrayOutputStream();
        final long windowStart;
        final long windowEnd;
        int fragments;
        int blocksSent;
        long sentUpTo;
        long peak;
        boolean lastSent;
        boolean windowCovered;

        Progress(ChunkRecord chunk) {
            windowStart = chunk.skipSamples();
            windowEnd = windowStart + chunk.sampleCount();
            sentUpTo = windowStart;
            peak = chunk.peakCounts();
        }

        /**
         * Passes on the blocks of one decode of the head that follow those sent, where they continue them. A corrupt
         * frame can make a longer head stop earlier than a shorter one did (zstd-jni drops what one read decoded when
         * it meets the damage), so a block is sent only if it starts where the sent ones end. Every decode starts
         * with block 0 at the window's start.
         */
        Consumer<PcmBlock> continuing(Consumer<PcmBlock> out) {
            long[] at = {windowStart};
            return block -> {
                long start = at[0];
                at[0] += block.sampleCount();
                if (block.blockIndex() == blocksSent && start == sentUpTo) {
                    blocksSent++;
                    sentUpTo += block.sampleCount();
                    peak = Math.max(peak, block.peakCounts());
                    lastSent = block.lastInChunk();
                    out.accept(block);
                }
            };
        }

        /**
         * After the whole payload's decode: if it stopped short of what the heads had sent (a corrupt frame), the
         * rest of the window is one last gap block, so the session still gets every grid sample once.
         */
        Optional<ChunkDefect> finish(ChunkRecord chunk, Optional<ChunkDefect> defect, Consumer<PcmBlock> out) {
            if (lastSent) {
                return defect;
            }
            long missing = windowEnd - sentUpTo;
            out.accept(PcmBlock.gap(chunk.sessionId(), chunk.stream(), chunk.chunkIndex(), chunk.chunkCount(),
                    blocksSent, true, chunk.startMicros() + Math.round(sentUpTo * 1_000_000.0 / chunk.sampleRate()),
                    chunk.sampleRate(), peak, Math.toIntExact(missing)));
            String reason = defect.map(ChunkDefect::reason).orElse("the chunk's whole payload decoded to less than"
                    + " its fragments had");
            return Optional.of(new ChunkDefect(reason + "; its fragments played up to grid sample " + sentUpTo
                    + ", the rest of the window is a gap", sentUpTo));
        }
    }
}
