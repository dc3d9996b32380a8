package org.audifleet.waveform.session;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.audifleet.wire.MinMaxBlock;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** audio.pcm → waveform.minmax, publishing each zoom level's buckets as soon as they are final. */
@Component
class PcmBlockListener {

    private final SessionWaveforms waveforms;
    private final KafkaTemplate<Object, Object> kafka;
    private final Timer timer;

    PcmBlockListener(SessionWaveforms waveforms, KafkaTemplate<Object, Object> kafka, MeterRegistry meters) {
        this.waveforms = waveforms;
        this.kafka = kafka;
        this.timer = Timer.builder("audifleet.waveform.block")
                .description("min/max buckets of one PCM block computed and published on waveform.minmax")
                .register(meters);
    }

    @KafkaListener(id = "waveform", idIsGroup = false, topics = Topics.AUDIO_PCM)
    void onBlock(ConsumerRecord<String, PcmBlock> record) {
        timer.record(() -> {
            for (MinMaxBlock buckets : waveforms.accept(record.value())) {
                kafka.send(Topics.WAVEFORM_MINMAX, record.key(), buckets);
            }
        });
    }
}
