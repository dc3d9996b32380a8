package org.audifleet.decoder.chunk;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.audifleet.decoder.decode.ChunkDefect;
import org.audifleet.decoder.decode.ZstdChunkDecoder;
import org.audifleet.service.kafka.NotRetryableException;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * chunks.raw → audio.pcm. Runs in a Kafka transaction (see application.yml): a chunk's blocks and
 * the chunk's offset commit together, so a decoder killed mid-chunk publishes that chunk's blocks
 * exactly once after it restarts.
 */
@Component
class ChunkListener {

    private final ZstdChunkDecoder zstd;
    private final KafkaTemplate<Object, Object> kafka;
    private final DefectReporter defects;
    private final MeterRegistry meters;

    ChunkListener(DecoderProperties properties, KafkaTemplate<Object, Object> kafka, DefectReporter defects,
            MeterRegistry meters) {
        this.zstd = new ZstdChunkDecoder(properties.blockSamples());
        this.kafka = kafka;
        this.defects = defects;
        this.meters = meters;
    }

    @KafkaListener(id = "decoder", topics = Topics.CHUNKS_RAW)
    void onChunk(ConsumerRecord<String, ChunkRecord> record) {
        ChunkRecord chunk = record.value();
        if (chunk.kind() == ChunkRecord.Kind.DATA && chunk.encoding() != ChunkRecord.Encoding.ZSTD_INT32_LE) {
            throw new NotRetryableException("no decoder for " + chunk.encoding() + " (chunk " + chunk.chunkIndex()
                    + " of session " + chunk.sessionId() + " from " + chunk.source() + ")");
        }
        Timer.Sample timing = Timer.start(meters);
        var defect = zstd.decode(chunk, block -> kafka.send(Topics.AUDIO_PCM, record.key(), block));
        defect.ifPresent(d -> defects.report(record, d));
        timing.stop(meters.timer("audifleet.decode.chunk", "encoding", chunk.encoding().name(), "outcome",
                defect.map(ChunkDefect::getClass).isPresent() ? "defect" : "ok"));
    }
}
