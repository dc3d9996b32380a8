package org.audifleet.decoder.chunk;

import java.util.Map;
import org.audifleet.decoder.decode.ChunkDecoders;
import org.audifleet.decoder.decode.ZstdChunkDecoder;
import org.audifleet.decoder.decode.mseed.MseedChunkDecoder;
import org.audifleet.wire.ChunkRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DecoderConfiguration {

    /** The decoder of each encoding on the wire (wire/README.md, ChunkRecord's {@code encoding}). */
    @Bean
    ChunkDecoders chunkDecoders(DecoderProperties properties) {
        return new ChunkDecoders(Map.of(
                ChunkRecord.Encoding.ZSTD_INT32_LE, new ZstdChunkDecoder(properties.blockSamples()),
                ChunkRecord.Encoding.MINISEED, new MseedChunkDecoder(properties.blockSamples())));
    }
}
