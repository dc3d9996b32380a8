package org.audifleet.wire;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts one session's PCM blocks back in session order and drops duplicates.
 *
 * <p>Delivery upstream is at-least-once at the chunk level (a fetcher that restarts mid-session
 * publishes its chunks again), and a chunk's blocks get the same {@code (chunkIndex, blockIndex)} every
 * time it is decoded. So the first copy of each block wins, later copies are dropped, and a block
 * that arrives early waits until everything before it has been released. Not thread-safe: one
 * consumer thread owns it.
 */
public final class BlockSequencer {

    private final Map<Long, PcmBlock> waiting = new HashMap<>();
    private int nextChunk;
    private int nextBlock;
    private boolean complete;
    private long duplicates;

    /** Accepts a block and returns the blocks that can now be released, in order (maybe none). */
    public List<PcmBlock> accept(PcmBlock block) {
        if (complete || isReleased(block) || waiting.putIfAbsent(key(block.chunkIndex(), block.blockIndex()), block) != null) {
            duplicates++;
            return List.of();
        }
        List<PcmBlock> ready = new ArrayList<>();
        PcmBlock next;
        while ((next = waiting.remove(key(nextChunk, nextBlock))) != null) {
            ready.add(next);
            if (next.lastOfSession()) {
                complete = true;
                waiting.clear();
                break;
            }
            if (next.lastInChunk()) {
                nextChunk++;
                nextBlock = 0;
            } else {
                nextBlock++;
            }
        }
        return ready;
    }

    private boolean isReleased(PcmBlock b) {
        return b.chunkIndex() < nextChunk || (b.chunkIndex() == nextChunk && b.blockIndex() < nextBlock);
    }

    private static long key(int chunk, int block) {
        return ((long) chunk << 32) | (block & 0xffffffffL);
    }

    /** The last block of the session has been released. */
    public boolean complete() {
        return complete;
    }

    public long duplicatesDropped() {
        return duplicates;
    }

    /** Blocks held back because an earlier one has not arrived yet. */
    public int waiting() {
        return waiting.size();
    }

    /** The chunk the sequencer waits for next (for "stalled at chunk N" reports). */
    public int nextChunk() {
        return nextChunk;
    }
}
