package org.audifleet.decoder.chunk;

import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.audifleet.service.kafka.DeadLetters;
import org.audifleet.wire.ChunkHeaders;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.stereotype.Component;

/**
 * What the decoder's container does with a chunk it gave up on (its value did not deserialize, or decoding it
 * still failed after the retries): dead-letters it on the fleet's one path and publishes one gap block for the
 * chunk's window, so the station plays silence there and carries on instead of stalling until its timeout.
 * Replaces service-kafka's default recoverer. The window comes from the value when there is one, else from the
 * headers the fetcher sets on every chunk record ({@link ChunkHeaders}): behind ErrorHandlingDeserializer an
 * undeserializable record arrives here with a null value.
 */
@Component
class UndecodableChunkRecoverer implements ConsumerAwareRecordRecoverer {

    private static final Logger log = LoggerFactory.getLogger(UndecodableChunkRecoverer.class);

    private final DeadLetters deadLetters;
    private final KafkaTemplate<Object, Object> kafka;

    UndecodableChunkRecoverer(DeadLetters deadLetters, KafkaTemplate<Object, Object> kafka) {
        this.deadLetters = deadLetters;
        this.kafka = kafka;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception failure) {
        deadLetters.publish(record, consumer, failure);
        Optional<ChunkHeaders> chunk = record.value() instanceof ChunkRecord value ? Optional.of(ChunkHeaders.of(value))
                : ChunkHeaders.readFrom(record.headers());
        if (chunk.isEmpty()) {
            log.warn("{}-{}@{} dead-lettered without a gap block: neither its value nor its headers say which chunk"
                    + " it was, so its session (if any) waits for its station's timeout", record.topic(),
                    record.partition(), record.offset());
            return;
        }
        ChunkHeaders c = chunk.get();
        log.warn("chunk {} of session {} dead-lettered ({}); its {} samples play as a gap", c.chunkIndex(),
                c.sessionId(), DeadLetters.reason(failure), c.sampleCount());
        kafka.send(Topics.AUDIO_PCM, record.key(), c.gapBlock());
    }
}
