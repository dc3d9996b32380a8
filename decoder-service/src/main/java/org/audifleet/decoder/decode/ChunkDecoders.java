package org.audifleet.decoder.decode;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.PcmBlock;

/**
 * One {@link ChunkDecoder} per chunk encoding, chosen by the chunk's: a new encoding is one more entry where
 * this is built, and the listener does not change. Every encoding must have its decoder, so a missing one
 * fails at start-up rather than on the first such chunk.
 */
public final class ChunkDecoders implements ChunkDecoder {

    private final Map<ChunkRecord.Encoding, ChunkDecoder> byEncoding;

    public ChunkDecoders(Map<ChunkRecord.Encoding, ChunkDecoder> byEncoding) {
        this.byEncoding = new EnumMap<>(byEncoding);
        for (ChunkRecord.Encoding encoding : ChunkRecord.Encoding.values()) {
            if (!this.byEncoding.containsKey(encoding)) {
                throw new IllegalArgumentException("no chunk decoder for encoding " + encoding);
            }
        }
    }

    @Override
    public Optional<ChunkDefect> decode(ChunkRecord chunk, Consumer<PcmBlock> out) {
        return byEncoding.get(chunk.encoding()).decode(chunk, out);
    }

    @Override
    public boolean decodeHead(ChunkRecord head, Consumer<PcmBlock> out) {
        return byEncoding.get(head.encoding()).decodeHead(head, out);
    }
}
