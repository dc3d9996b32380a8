package org.audifleet.decoder.decode;

import java.util.Optional;
import java.util.function.Consumer;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.PcmBlock;

/**
 * Decodes chunks of one encoding onto the chunk's sample grid and cuts the kept window into PCM blocks
 * (a {@link BlockEmitter} numbers them and flags the last). {@link ChunkDecoders} picks the implementation by
 * the chunk's encoding: {@link ZstdChunkDecoder} for the chunk store, {@code decode.mseed.MseedChunkDecoder}
 * for FDSN dataselect.
 */
public interface ChunkDecoder {

    /**
     * Hands every block of the chunk's window to {@code out}, in order; a {@link ChunkRecord.Kind#GAP} chunk is
     * one gap block.
     *
     * @return why the chunk could be played only in part (what follows the fault went out as a gap), or empty
     */
    Optional<ChunkDefect> decode(ChunkRecord chunk, Consumer<PcmBlock> out);

    /**
     * Hands {@code out} the blocks that the first part of a chunk's payload already settles ({@code head}'s payload
     * is the fragments received so far): exactly the first blocks {@link #decode} gives for the whole payload, none
     * that depends on bytes still to come, no defect and no last block. The same head always gives the same blocks
     * (the decoder's state after a fragment is rebuilt by decoding the head again, see {@link FragmentedChunks}).
     * An encoding that needs its whole payload before any block is certain hands out none (the default).
     *
     * @return whether the blocks handed out cover the chunk's window up to its last block, so a longer head
     *         cannot add any
     */
    default boolean decodeHead(ChunkRecord head, Consumer<PcmBlock> out) {
        return false;
    }
}
