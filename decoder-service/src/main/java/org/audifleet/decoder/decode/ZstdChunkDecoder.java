package org.audifleet.decoder.decode;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.function.Consumer;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.PcmBlock;

/**
 * Decodes a chunk-store chunk (one zstd frame of Int32 little-endian samples, only the samples that
 * exist) into PCM blocks on the chunk's sample grid, streaming: blocks leave as the frame is
 * decompressed.
 *
 * <p>It decompresses only as many samples as the session window needs, so a decompression bomb
 * cannot make it produce more than {@code skipSamples + sampleCount} samples whatever the frame
 * claims. A frame that is corrupt or ends early is a {@link ChunkDefect}: what was decoded before
 * the fault is kept and the rest of the window becomes a gap, so the session keeps playing.
 */
public final class ZstdChunkDecoder implements ChunkDecoder {

    private static final int READ_BYTES = 64 * 1024;

    private final int blockSamples;

    public ZstdChunkDecoder(int blockSamples) {
        this.blockSamples = blockSamples;
    }

    public Optional<ChunkDefect> decode(ChunkRecord chunk, Consumer<PcmBlock> out) {
        BlockEmitter emitter = new BlockEmitter(chunk, blockSamples, out);
        Optional<ChunkDefect> defect = chunk.kind() == ChunkRecord.Kind.GAP ? gapOnly(chunk, emitter)
                : decodeFrame(chunk, emitter);
        emitter.finish();
        return defect;
    }

    private static Optional<ChunkDefect> gapOnly(ChunkRecord chunk, BlockEmitter emitter) {
        emitter.appendGap(chunk.sampleCount());
        return Optional.empty();
    }

    private Optional<ChunkDefect> decodeFrame(ChunkRecord chunk, BlockEmitter emitter) {
        long end = (long) chunk.skipSamples() + chunk.sampleCount();
        int[] gaps = chunk.gaps();
        byte[] bytes = new byte[READ_BYTES];
        int[] ints = new int[READ_BYTES / 4];
        ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long grid = 0;
        int gap = 0;
        try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(chunk.payload()))) {
            while (grid < end) {
                long gapStart = gap < gaps.length ? gaps[gap] : Long.MAX_VALUE;
                if (grid >= gapStart) {
                    long gapEnd = Math.min((long) gaps[gap] + gaps[gap + 1], end);
                    emitter.appendGap(gapEnd - Math.max(grid, chunk.skipSamples()));
                    grid = Math.max(grid, gapEnd);
                    gap += 2;
                    continue;
                }
                long runEnd = Math.min(gapStart, end);
                while (grid < runEnd) {
                    int want = (int) Math.min(ints.length, runEnd - grid);
                    int got = in.readNBytes(bytes, 0, want * 4) / 4;
                    view.clear();
                    view.asIntBuffer().get(ints, 0, got);
                    long firstKept = Math.max(grid, chunk.skipSamples());
                    if (firstKept < grid + got) {
                        int from = (int) (firstKept - grid);
                        emitter.appendSamples(ints, from, got - from);
                    }
                    grid += got;
                    if (got < want) {
                        return truncated(chunk, emitter, end, "zstd frame ended at grid sample " + grid
                                + " but the window needs " + end);
                    }
                }
            }
        } catch (IOException e) {
            return truncated(chunk, emitter, end, "corrupt zstd frame: " + e.getMessage());
        }
        return Optional.empty();
    }

    private static Optional<ChunkDefect> truncated(ChunkRecord chunk, BlockEmitter emitter, long end, String reason) {
        long at = emitter.position();
        emitter.appendGap(end - at);
        return Optional.of(new ChunkDefect(reason + " (chunk " + chunk.chunkIndex() + " of session " + chunk.sessionId()
                + " from " + chunk.source() + ")", at));
    }
}
