package org.audifleet.decoder.decode;

import java.util.function.Consumer;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.SampleRunSink;

/**
 * Cuts the kept part of one chunk into PCM blocks of at most {@code blockSamples} samples, with gap
 * blocks where samples are missing, numbered 0, 1, ... and the last one flagged.
 *
 * <p>One block is held back until the next exists, because only then is it known whether it is the
 * chunk's last. Positions are chunk grid indices; callers feed them in grid order. Public for the
 * per-encoding decoders in sub-packages ({@code decode.mseed}).
 */
public final class BlockEmitter implements SampleRunSink {

    private final ChunkRecord chunk;
    private final Consumer<PcmBlock> out;
    private final int[] buffer;
    private int filled;
    private long bufferStart;
    private long position;
    private long peak;
    private int nextIndex;
    private PcmBlock pending;

    public BlockEmitter(ChunkRecord chunk, int blockSamples, Consumer<PcmBlock> out) {
        this.chunk = chunk;
        this.out = out;
        this.buffer = new int[blockSamples];
        this.position = chunk.skipSamples();
        this.peak = chunk.peakCounts();
    }

    /** Grid index of the next sample or gap. */
    public long position() {
        return position;
    }

    @Override
    public void appendSamples(int[] src, int offset, int length) {
        while (length > 0) {
            if (filled == 0) {
                bufferStart = position;
            }
            int n = Math.min(length, buffer.length - filled);
            for (int i = offset; i < offset + n; i++) {
                peak = Math.max(peak, Math.abs((long) src[i]));
            }
            System.arraycopy(src, offset, buffer, filled, n);
            filled += n;
            offset += n;
            length -= n;
            position += n;
            if (filled == buffer.length) {
                flushSamples();
            }
        }
    }

    @Override
    public void appendGap(long missing) {
        if (missing <= 0) {
            return;
        }
        flushSamples();
        emit(PcmBlock.gap(chunk.sessionId(), chunk.stream(), chunk.chunkIndex(), chunk.chunkCount(), nextIndex++,
                false, timeOf(position), chunk.sampleRate(), peak, Math.toIntExact(missing)));
        position += missing;
    }

    /** Releases the held-back block as the chunk's last (an empty gap block if the chunk kept nothing). */
    public void finish() {
        flushSamples();
        if (pending == null) {
            pending = PcmBlock.gap(chunk.sessionId(), chunk.stream(), chunk.chunkIndex(), chunk.chunkCount(),
                    nextIndex++, false, timeOf(position), chunk.sampleRate(), peak, 0);
        }
        PcmBlock p = pending;
        out.accept(new PcmBlock(p.sessionId(), p.stream(), p.chunkIndex(), p.chunkCount(), p.blockIndex(), true,
                p.kind(), p.startMicros(), p.sampleRate(), p.peakCounts(), p.sampleCount(),
                p.kind() == PcmBlock.Kind.SAMPLES ? p.samples() : null));
        pending = null;
    }

    private void flushSamples() {
        if (filled == 0) {
            return;
        }
        int[] samples = java.util.Arrays.copyOf(buffer, filled);
        emit(new PcmBlock(chunk.sessionId(), chunk.stream(), chunk.chunkIndex(), chunk.chunkCount(), nextIndex++,
                false, PcmBlock.Kind.SAMPLES, timeOf(bufferStart), chunk.sampleRate(), peak, filled, samples));
        filled = 0;
    }

    private void emit(PcmBlock block) {
        if (pending != null) {
            out.accept(pending);
        }
        pending = block;
    }

    private long timeOf(long gridIndex) {
        return chunk.startMicros() + Math.round(gridIndex * 1_000_000.0 / chunk.sampleRate());
    }
}
