package org.audifleet.decoder.chunk;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.audifleet.decoder.decode.ChunkDecoders;
import org.audifleet.decoder.decode.ZstdChunkDecodeBenchmark;
import org.audifleet.decoder.decode.ZstdChunkDecoder;
import org.audifleet.decoder.decode.mseed.ChunkToFirstBlockBenchmark;
import org.audifleet.decoder.decode.mseed.MseedChunkDecoder;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.Topics;
import org.audifleet.wire.WireSerdes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The decoder service's whole hop without the broker, one thread: a {@code chunks.raw} record value as it
 * arrives (wire bytes) is deserialized ({@link WireSerdes.ChunkRecordSerde}), decoded by the service's
 * {@link ChunkDecoders}, and each {@link PcmBlock} serialized for {@code audio.pcm} ({@link WireSerdes.PcmBlockSerde}),
 * as {@link ChunkListener} does between the two Kafka clients. The broker's loopback round trip is what this leaves
 * out (docs/performance.md: it is the floor of a hop).
 *
 * <ul>
 * <li>{@link #firstBlock}: record bytes in until the first block's bytes are out.</li>
 * <li>{@link #wholeChunk}: record bytes in until the last block's bytes are out.</li>
 * </ul>
 * Chunks: {@code ZSTD_INT32_LE} as in {@code ZstdChunkDecodeBenchmark} (real IU.COLA LH1 samples, level 3) and
 * {@code MINISEED} as in {@link ChunkToFirstBlockBenchmark} (Steim2 records of 4096 bytes, as dataselect sends).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DecoderHopBenchmark {
    static final int BLOCK_SAMPLES = 4096;

    /** Stops the hop at the first block; no stack trace, so throwing costs next to nothing. */
    static final class FirstBlock extends RuntimeException {
        FirstBlock() {
            super(null, null, false, false);
        }
    }

    private static final FirstBlock FIRST_BLOCK = new FirstBlock();

    @Param({"ZSTD_INT32_LE", "MINISEED"})
    public String encoding;

    @Param({"PT6H", "PT10M"})
    public String window;

    private final WireSerdes.ChunkRecordSerde chunks = new WireSerdes.ChunkRecordSerde();
    private final WireSerdes.PcmBlockSerde blocks = new WireSerdes.PcmBlockSerde();
    private ChunkDecoders decoders;
    private byte[] recordValue;
    private byte[] out;

    @Setup
    public void buildRecord() throws Exception {
        ChunkRecord chunk = ChunkRecord.Encoding.valueOf(encoding) == ChunkRecord.Encoding.MINISEED
                ? ChunkToFirstBlockBenchmark.chunk(window)
                : ZstdChunkDecodeBenchmark.chunk(window);
        recordValue = chunks.serialize(Topics.CHUNKS_RAW, chunk);
        decoders = new ChunkDecoders(Map.of(ChunkRecord.Encoding.ZSTD_INT32_LE, new ZstdChunkDecoder(BLOCK_SAMPLES),
                ChunkRecord.Encoding.MINISEED, new MseedChunkDecoder(BLOCK_SAMPLES)));
        long[] bytesOut = {0};
        if (decoders.decode(chunks.deserialize(Topics.CHUNKS_RAW, recordValue),
                b -> bytesOut[0] += blocks.serialize(Topics.AUDIO_PCM, b).length).isPresent()) {
            throw new IllegalStateException("chunk does not decode cleanly");
        }
        System.out.printf("%n%s %s: record value %d bytes in, %d bytes of blocks out%n", encoding, window,
                recordValue.length, bytesOut[0]);
    }

    @Benchmark
    public byte[] firstBlock() {
        try {
            decoders.decode(chunks.deserialize(Topics.CHUNKS_RAW, recordValue), b -> {
                out = blocks.serialize(Topics.AUDIO_PCM, b);
                throw FIRST_BLOCK;
            });
        } catch (FirstBlock stopped) {
            return out;
        }
        throw new IllegalStateException("the decoder handed over no block");
    }

    @Benchmark
    public byte[] wholeChunk() {
        decoders.decode(chunks.deserialize(Topics.CHUNKS_RAW, recordValue),
                b -> out = blocks.serialize(Topics.AUDIO_PCM, b));
        return out;
    }
}
