package org.audifleet.decoder.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.audifleet.chunkstore.ChunkFile;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.PcmBlock;

/**
 * Decodes a chunk-store chunk into PCM blocks on the chunk's sample grid, streaming: blocks leave as
 * the frame is decompressed ({@link ChunkFile.Decoder} knows the payload format).
 *
 * <p>It decompresses only as many samples as the session window needs, so a decompression bomb
 * cannot make it produce more than {@code skipSamples + sampleCount} samples whatever the frame
 * claims. A frame that is corrupt or ends early is a {@link ChunkDefect}: every sample decoded before
 * the fault is kept and the rest of the window becomes a gap, so the session keeps playing. A frame that
 * declares or holds more than the chunk's grid ({@code gridSamples} minus its gaps) is a defect too
 * ({@code decoded-size-exceeds-window}), but its window plays: the samples the session needs are there.
 */
public final class ZstdChunkDecoder implements ChunkDecoder {

    private final int blockSamples;
    /**
     * Each listener thread's frame decoder between chunks: it keeps zstd's context and window buffer, so a chunk
     * allocates no more than its blocks. Taken out while in use, so a block consumer that decodes again (none does)
     * would get a decoder of its own.
     */
    private final ThreadLocal<ChunkFile.Decoder> idle = new ThreadLocal<>();

    public ZstdChunkDecoder(int blockSamples) {
        this.blockSamples = blockSamples;
    }

    @Override
    public Optional<ChunkDefect> decode(ChunkRecord chunk, Consumer<PcmBlock> out) {
        BlockEmitter emitter = new BlockEmitter(chunk, blockSamples, out);
        Optional<ChunkDefect> defect = chunk.kind() == ChunkRecord.Kind.GAP ? gapOnly(chunk, emitter)
                : decodeFrame(chunk, emitter);
        emitter.finish();
        return defect;
    }

    /**
     * The blocks the payload's first bytes settle: every block the emitter let go before the bytes ran out. Samples
     * zstd gave are final (it hands out only what it fully decoded), and the emitter holds back the block being
     * filled and the last complete one (it may be the chunk's last), so none of these changes with more bytes.
     */
    @Override
    public boolean decodeHead(ChunkRecord head, Consumer<PcmBlock> out) {
        if (head.kind() == ChunkRecord.Kind.GAP) {
            return false;
        }
        BlockEmitter emitter = new BlockEmitter(head, blockSamples, out);
        long end = (long) head.skipSamples() + head.sampleCount();
        decodeGrid(head, end, emitter);
        return emitter.position() >= end;
    }

    private static Optional<ChunkDefect> gapOnly(ChunkRecord chunk, BlockEmitter emitter) {
        emitter.appendGap(chunk.sampleCount());
        return Optional.empty();
    }

    private ChunkFile.Decoded decodeGrid(ChunkRecord chunk, long end, BlockEmitter emitter) {
        ChunkFile.Decoder decoder = idle.get();
        idle.set(null);
        if (decoder == null) {
            decoder = new ChunkFile.Decoder();
        }
        try {
            return decoder.decode(chunk.payload(), chunk.gaps(), chunk.skipSamples(), end, chunk.gridSamples(),
                    emitter);
        } finally {
            idle.set(decoder);
        }
    }

    private Optional<ChunkDefect> decodeFrame(ChunkRecord chunk, BlockEmitter emitter) {
        long end = (long) chunk.skipSamples() + chunk.sampleCount();
        ChunkFile.Decoded decoded = decodeGrid(chunk, end, emitter);
        long at = emitter.position();
        // Whatever stopped the frame short of the window's end (a cut, or a size check that refused to read on:
        // ZstdChunkDecoderFuzzTests found one whose gaps lie outside the grid), the window is covered: the session
        // counts on every one of its samples.
        boolean stoppedShort = at < end;
        emitter.appendGap(end - at);
        String rest = "; played up to grid sample " + at + ", the rest of the window is a gap";
        List<String> reasons = new ArrayList<>(2);
        decoded.cut().ifPresent(cut -> reasons.add(cut + rest));
        decoded.oversize().ifPresent(reason -> reasons.add(reason + (decoded.cut().isPresent() ? ""
                : stoppedShort ? rest : "; the window's " + chunk.sampleCount() + " samples played")));
        if (reasons.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ChunkDefect(String.join("; ", reasons) + " (chunk " + chunk.chunkIndex() + " of session "
                + chunk.sessionId() + ", origin " + chunk.origin() + ", from " + chunk.source() + ")", at));
    }
}
