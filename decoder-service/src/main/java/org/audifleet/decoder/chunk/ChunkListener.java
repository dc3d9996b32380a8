package org.audifleet.decoder.chunk;

import io.micrometer.core.instrument.Timer;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.audifleet.decoder.decode.ChunkDefect;
import org.audifleet.decoder.decode.FragmentedChunks;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.HopTimes;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * chunks.raw → audio.pcm. Runs in a Kafka transaction (see decoder-service.yml): a chunk's blocks and
 * the chunk's offset commit together, so a decoder killed mid-chunk publishes that chunk's blocks
 * exactly once after it restarts. A chunk that travels as fragments commits each fragment's blocks with that
 * fragment's offset ({@link FragmentedChunks} knows which blocks a fragment adds, and rebuilds its state after a
 * restart from the earlier fragments, read again by {@link FragmentReplay}).
 */
@Component
class ChunkListener {

    private final FragmentedChunks decoders;
    private final FragmentReplay replay;
    private final KafkaTemplate<Object, Object> kafka;
    private final DefectReporter defects;
    private final DecodeMetrics meters;

    ChunkListener(FragmentedChunks decoders, FragmentReplay replay, KafkaTemplate<Object, Object> kafka,
            DefectReporter defects, DecodeMetrics meters) {
        this.decoders = decoders;
        this.replay = replay;
        this.kafka = kafka;
        this.defects = defects;
        this.meters = meters;
    }

    @KafkaListener(id = "decoder", idIsGroup = false, topics = Topics.CHUNKS_RAW)
    void onChunk(ConsumerRecord<String, ChunkRecord> record) {
        ChunkRecord chunk = record.value();
        Timer.Sample timing = Timer.start();
        long receivedMicros = Micros.now();
        Consumer<PcmBlock> out = block -> publish(record, block, receivedMicros);
        Optional<ChunkDefect> defect = decoders.decode(chunk, fragment -> replay.earlier(record), out);
        defect.ifPresent(d -> defects.report(record, d));
        timing.stop(meters.chunk(chunk.encoding(), defect.isEmpty()));
    }

    /** Sends a block; a chunk's first block carries the hop times so far (see HopTimes). */
    private void publish(ConsumerRecord<String, ChunkRecord> chunk, PcmBlock block, long receivedMicros) {
        ProducerRecord<Object, Object> out = new ProducerRecord<>(Topics.AUDIO_PCM, chunk.key(), block);
        if (block.blockIndex() == 0) {
            HopTimes.copy(chunk.headers(), out.headers());
            HopTimes.stamp(out.headers(), HopTimes.DECODER_RECEIVED, receivedMicros);
            HopTimes.stampNow(out.headers(), HopTimes.BLOCK_PUBLISHED);
            meters.firstBlockOf(chunk.value(), HopTimes.read(out.headers()));
        }
        if (block.kind() == PcmBlock.Kind.SAMPLES) {
            meters.samples(chunk.value().encoding()).increment(block.sampleCount());
        }
        kafka.send(out);
    }
}
