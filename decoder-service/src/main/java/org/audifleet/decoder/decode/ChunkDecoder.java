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
}
