package org.audifleet.decoder.chunk;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.audifleet.decoder.decode.ChunkDefect;
import org.audifleet.service.kafka.DeadLetters;
import org.audifleet.wire.ChunkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A chunk that was partly playable, or played whole from a frame bigger than its chunk: what played (and the gap
 * after a fault) went to audio.pcm; the chunk itself goes
 * to chunks.raw-dlt on the fleet's one dead-letter path, with the reason as {@code audifleet-defect},
 * in the same transaction, for someone to look at.
 */
@Component
class DefectReporter {

    private static final Logger log = LoggerFactory.getLogger(DefectReporter.class);

    private final DeadLetters deadLetters;

    DefectReporter(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    void report(ConsumerRecord<String, ChunkRecord> record, ChunkDefect defect) {
        log.warn("chunk defect at {}-{}@{}, grid sample {}: {}", record.topic(), record.partition(),
                record.offset(), defect.gridOffset(), defect.reason());
        deadLetters.publishDefect(record, defect.reason());
    }
}
