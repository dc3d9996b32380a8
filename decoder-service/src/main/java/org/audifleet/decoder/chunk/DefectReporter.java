package org.audifleet.decoder.chunk;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.audifleet.decoder.decode.ChunkDefect;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/**
 * A chunk that was partly playable: its good part and a gap went to audio.pcm; the chunk itself goes
 * to chunks.raw-dlt with the reason, in the same transaction, for someone to look at.
 */
@Component
class DefectReporter {

    static final String REASON_HEADER = "audifleet-defect";
    private static final Logger log = LoggerFactory.getLogger(DefectReporter.class);

    private final KafkaTemplate<Object, Object> kafka;

    DefectReporter(KafkaTemplate<Object, Object> kafka) {
        this.kafka = kafka;
    }

    void report(ConsumerRecord<String, ChunkRecord> record, ChunkDefect defect) {
        log.warn("chunk defect at {}-{}@{}: {}; played up to grid sample {}, the rest is a gap", record.topic(),
                record.partition(), record.offset(), defect.reason(), defect.gridOffset());
        ProducerRecord<Object, Object> dead = new ProducerRecord<>(Topics.deadLetter(Topics.CHUNKS_RAW),
                record.partition(), record.key(), record.value());
        dead.headers().add(REASON_HEADER, defect.reason().getBytes(StandardCharsets.UTF_8));
        dead.headers().add(KafkaHeaders.DLT_ORIGINAL_TOPIC, record.topic().getBytes(StandardCharsets.UTF_8));
        dead.headers().add(KafkaHeaders.DLT_ORIGINAL_OFFSET,
                java.nio.ByteBuffer.allocate(8).putLong(record.offset()).array());
        kafka.send(dead);
    }
}
