package org.audifleet.console.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.Topics;
import org.audifleet.wire.WireFormatException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.bind.annotation.RestController;

/**
 * A session's WAV, made from its blocks on audio.pcm: the session's partition is read from its start to its end
 * (committed records only), its blocks kept, the rest skipped; a record that is not a block is skipped too.
 */
@RestController
class SessionWavController {

    private final ConsumerFactory<Object, Object> consumers;
    private final WavProperties properties;

    SessionWavController(ConsumerFactory<Object, Object> consumers, WavProperties properties) {
        this.consumers = consumers;
        this.properties = properties;
    }

    @GetMapping(value = "/api/sessions/{id}/session.wav", produces = "audio/wav")
    ResponseEntity<byte[]> wav(@PathVariable UUID id) {
        SessionAudio audio = read(id);
        if (audio.samples() == 0) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no audio of session " + id + " on "
                    + Topics.AUDIO_PCM);
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("audio/wav"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"session-" + id + ".wav\"")
                .header("X-Audifleet-Complete", String.valueOf(audio.complete()))
                .body(audio.wav(properties.speed()));
    }

    private SessionAudio read(UUID id) {
        SessionAudio audio = new SessionAudio(properties.maxSamples());
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        String key = id.toString();
        TopicPartition partition = new TopicPartition(Topics.AUDIO_PCM,
                Topics.partitionOf(key, Topics.partitions(Topics.AUDIO_PCM)));
        long deadline = System.nanoTime() + properties.readTimeout().toNanos();
        try (Consumer<Object, Object> consumer = consumers.createConsumer(null, "console-wav-", null, overrides)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end && !audio.complete()) {
                if (System.nanoTime() > deadline) {
                    throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "reading session " + id
                            + " from " + Topics.AUDIO_PCM + " took over " + properties.readTimeout());
                }
                for (ConsumerRecord<Object, Object> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key()) && r.value() instanceof byte[] bytes) {
                        try {
                            audio.accept(PcmBlock.decode(bytes));
                        } catch (WireFormatException skipped) {
                            // not a block: the decoder's dead-letter path has it; the WAV goes on without it
                        } catch (IllegalStateException tooLong) {
                            throw new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE, tooLong.getMessage());
                        }
                    }
                }
            }
        }
        return audio;
    }
}
