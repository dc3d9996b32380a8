package org.audifleet.decoder.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.audifleet.decoder.decode.mseed.MseedChunkDecoder;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.Test;

class ChunkDecodersTests {

    private static ChunkRecord chunk(ChunkRecord.Encoding encoding) {
        return new ChunkRecord(UUID.randomUUID(), "demo", StreamId.parse("XX.DEMO..HHZ"), 0, 1, ChunkRecord.Kind.GAP,
                encoding, 0L, 100.0, 0, 500, null, 0L, "test", null);
    }

    /** A decoder that only says it was asked. */
    private static ChunkDecoder named(String name, List<String> calls) {
        return (chunk, out) -> {
            calls.add(name + " " + chunk.encoding());
            return Optional.empty();
        };
    }

    @Test
    void eachChunkGoesToTheDecoderOfItsEncoding() {
        List<String> calls = new ArrayList<>();
        ChunkDecoders decoders = new ChunkDecoders(Map.of(ChunkRecord.Encoding.ZSTD_INT32_LE, named("zstd", calls),
                ChunkRecord.Encoding.MINISEED, named("mseed", calls)));
        decoders.decode(chunk(ChunkRecord.Encoding.MINISEED), block -> { });
        decoders.decode(chunk(ChunkRecord.Encoding.ZSTD_INT32_LE), block -> { });
        assertThat(calls).containsExactly("mseed MINISEED", "zstd ZSTD_INT32_LE");
    }

    @Test
    void theShippedDecodersBothImplementTheContract() {
        ChunkDecoders decoders = new ChunkDecoders(Map.of(ChunkRecord.Encoding.ZSTD_INT32_LE, new ZstdChunkDecoder(64),
                ChunkRecord.Encoding.MINISEED, new MseedChunkDecoder(64)));
        for (ChunkRecord.Encoding encoding : ChunkRecord.Encoding.values()) {
            List<PcmBlock> out = new ArrayList<>();
            assertThat(decoders.decode(chunk(encoding), out::add)).isEmpty();
            assertThat(out).singleElement().satisfies(b -> {
                assertThat(b.kind()).isEqualTo(PcmBlock.Kind.GAP);
                assertThat(b.sampleCount()).isEqualTo(500);
                assertThat(b.lastInChunk()).isTrue();
            });
        }
    }

    @Test
    void anEncodingWithoutADecoderIsRefusedAtOnce() {
        assertThatThrownBy(() -> new ChunkDecoders(Map.of(ChunkRecord.Encoding.ZSTD_INT32_LE,
                named("zstd", new ArrayList<>())))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no chunk decoder for encoding MINISEED");
    }
}
