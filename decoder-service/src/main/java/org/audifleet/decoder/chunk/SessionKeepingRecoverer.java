package org.audifleet.decoder.chunk;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * When a chunk cannot be decoded at all, the container publishes it to chunks.raw-dlt (with Spring
 * Kafka's exception headers) and this also publishes one gap block for the chunk's window, so the
 * station plays silence there and carries on instead of waiting for a chunk that will never come.
 */
@Configuration(proxyBeanMethods = false)
class SessionKeepingRecoverer {

    @Bean
    ConsumerRecordRecoverer deadLetterRecoverer(KafkaTemplate<Object, Object> kafka) {
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka);
        return (ConsumerRecord<?, ?> record, Exception e) -> {
            deadLetters.accept(record, e);
            if (record.value() instanceof ChunkRecord chunk) {
                kafka.send(Topics.AUDIO_PCM, record.key(), PcmBlock.gap(chunk.sessionId(), chunk.stream(),
                        chunk.chunkIndex(), chunk.chunkCount(), 0, true,
                        chunk.startMicros() + Math.round(chunk.skipSamples() * 1e6 / chunk.sampleRate()),
                        chunk.sampleRate(), chunk.peakCounts(), chunk.sampleCount()));
            }
        };
    }
}
