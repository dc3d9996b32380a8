package org.audifleet.decoder.chunk;

import java.util.Map;
import org.audifleet.decoder.decode.ChunkDecoders;
import org.audifleet.decoder.decode.FragmentedChunks;
import org.audifleet.decoder.decode.ZstdChunkDecoder;
import org.audifleet.decoder.decode.mseed.MseedChunkDecoder;
import org.audifleet.wire.ChunkRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;

@Configuration(proxyBeanMethods = false)
class DecoderConfiguration {

    /** The decoder of each encoding on the wire (wire/README.md, ChunkRecord's {@code encoding}). */
    @Bean
    ChunkDecoders chunkDecoders(DecoderProperties properties) {
        return new ChunkDecoders(Map.of(
                ChunkRecord.Encoding.ZSTD_INT32_LE, new ZstdChunkDecoder(properties.blockSamples()),
                ChunkRecord.Encoding.MINISEED, new MseedChunkDecoder(properties.blockSamples())));
    }

    /** Chunks in fragments: at most 64 kept between fragments (a 6 h chunk's payload is about 5.4 MB). */
    @Bean
    FragmentedChunks fragmentedChunks(ChunkDecoders decoders) {
        return new FragmentedChunks(decoders, 64);
    }

    @Bean
    @SuppressWarnings("unchecked")
    FragmentReplay fragmentReplay(ConsumerFactory<?, ?> consumers) {
        // Boot's factory is the one the listener's records come from: String keys, ChunkRecord values (this yml).
        return new FragmentReplay((ConsumerFactory<String, ChunkRecord>) consumers);
    }
}
