package org.audifleet.decoder.decode;

import java.util.Arrays;
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
    private final int blockSamples;
    /** The block being filled, made when first needed; handed over as the block's samples when full. */
    private int[] buffer;
    private int filled;
    private long bufferStart;
    private long position;
    private long peak;
    private int nextIndex;
    private PcmBlock pending;

    public BlockEmitter(ChunkRecord chunk, int blockSamples, Consumer<PcmBlock> out) {
        this.chunk = chunk;
        this.out = out;
        this.blockSamples = blockSamples;
        this.position = chunk.skipSamples();
        this.peak = chunk.peakCounts();
    }

    /** Grid index of the next sample or gap. */
    public long position() {
        return position;
    }

    /**
     * Copies each sample once: a whole block's worth straight into a new block array, the rest into the block being
     * filled, which becomes the block's array when full.
     */
    @Override
    public void appendSamples(int[] src, int offset, int length) {
        while (length > 0) {
            int n;
            if (filled == 0 && length >= blockSamples) {
                n = blockSamples;
                int[] samples = Arrays.copyOfRange(src, offset, offset + n);
                peak = Math.max(peak, peakOf(samples, 0, n));
                emit(new PcmBlock(chunk.sessionId(), chunk.stream(), chunk.chunkIndex(), chunk.chunkCount(),
                        nextIndex++, false, PcmBlock.Kind.SAMPLES, timeOf(position), chunk.sampleRate(), peak, n,
                        samples));
            } else {
                if (filled == 0) {
                    bufferStart = position;
                    if (buffer == null) {
                        buffer = new int[blockSamples];
                    }
                }
                n = Math.min(length, blockSamples - filled);
                // the running peak as of each block's last sample: a block says the peak up to itself
                peak = Math.max(peak, peakOf(src, offset, n));
                System.arraycopy(src, offset, buffer, filled, n);
                filled += n;
                if (filled == blockSamples) {
                    flushSamples();
                }
            }
            offset += n;
            length -= n;
            position += n;
        }
    }

    /**
     * Largest |sample| of {@code src[offset, offset + n)}, 0 for none. Int max and min over four interleaved lanes:
     * JDK 17 does not vectorise this reduction, and one accumulator would wait on the previous sample's result.
     */
    private static long peakOf(int[] src, int offset, int n) {
        int max0 = 0, max1 = 0, max2 = 0, max3 = 0;
        int min0 = 0, min1 = 0, min2 = 0, min3 = 0;
        int i = offset;
        for (int end = offset + n - 3; i < end; i += 4) {
            max0 = Math.max(max0, src[i]);
            min0 = Math.min(min0, src[i]);
            max1 = Math.max(max1, src[i + 1]);
            min1 = Math.min(min1, src[i + 1]);
            max2 = Math.max(max2, src[i + 2]);
            min2 = Math.min(min2, src[i + 2]);
            max3 = Math.max(max3, src[i + 3]);
            min3 = Math.min(min3, src[i + 3]);
        }
        for (; i < offset + n; i++) {
            max0 = Math.max(max0, src[i]);
            min0 = Math.min(min0, src[i]);
        }
        int max = Math.max(Math.max(max0, max1), Math.max(max2, max3));
        int min = Math.min(Math.min(min0, min1), Math.min(min2, min3));
        return Math.max(max, -(long) min);
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
        int[] samples;
        if (filled == blockSamples) {
            samples = buffer;
            buffer = null;
        } else {
            samples = Arrays.copyOf(buffer, filled);
        }
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
