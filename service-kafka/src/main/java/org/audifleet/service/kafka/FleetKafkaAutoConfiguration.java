package org.audifleet.service.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.MinMaxBlock;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.PlaybackStatus;
import org.audifleet.wire.StationAnnouncement;
import org.audifleet.wire.Topics;
import org.audifleet.wire.WireFormatException;
import org.audifleet.wire.WireSerdes;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Kafka wiring every Audifleet service shares, so each service's own code is only its listeners and
 * the plain classes they call.
 *
 * <ul>
 * <li>Declares every topic with explicit partitions, and a dead-letter topic with the same partition
 * count beside each (the recoverer keeps a failed record's partition).</li>
 * <li>One producer value serializer for all wire types (and raw bytes, which is what a record that
 * failed deserialization carries to its dead-letter topic).</li>
 * <li>Container error handling: a failed record is retried twice, then published to
 * {@code <topic>-dlt} by {@link DeadLetters}, the one dead-letter path (which the decoder's defect
 * reports use too); a payload that is not what the wire format says is not retried. With
 * transactions (decoder, waveform) the same happens after the rollback, and the dead-letter record
 * and the skipped offset commit together.</li>
 * </ul>
 */
@AutoConfiguration
public class FleetKafkaAutoConfiguration {

    /** The fleet's topics; each has a dead-letter topic beside it. */
    static final List<String> FLEET_TOPICS = List.of(Topics.PLAYBACK_REQUESTS, Topics.CHUNKS_RAW, Topics.AUDIO_PCM,
            Topics.WAVEFORM_MINMAX, Topics.PLAYBACK_CONTROLS, Topics.PLAYBACK_STATUS, Topics.STATIONS);

    @Bean
    KafkaAdmin.NewTopics fleetTopics() {
        Map<String, NewTopic> topics = new LinkedHashMap<>();
        for (String name : FLEET_TOPICS) {
            TopicBuilder builder = TopicBuilder.name(name).partitions(Topics.partitions(name)).replicas(1);
            TopicBuilder dlt = TopicBuilder.name(Topics.deadLetter(name)).partitions(Topics.partitions(name)).replicas(1);
            if (name.equals(Topics.CHUNKS_RAW)) {
                // A 6 h chunk is several MB: raise the topic's record limit (the broker default is 1 MB).
                builder.config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(Topics.MAX_CHUNK_RECORD_BYTES));
                dlt.config(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(Topics.MAX_CHUNK_RECORD_BYTES));
            }
            if (name.equals(Topics.STATIONS)) {
                // Only each station's newest announcement matters; compaction keeps it however long ago it was sent.
                builder.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            }
            topics.put(name, builder.build());
            topics.put(Topics.deadLetter(name), dlt.build());
        }
        return new KafkaAdmin.NewTopics(topics.values().toArray(NewTopic[]::new));
    }

    @Bean
    @SuppressWarnings({"unchecked", "rawtypes"})
    DefaultKafkaProducerFactoryCustomizer fleetSerializers() {
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(PlaybackRequest.class, new WireSerdes.PlaybackRequestSerde());
        byType.put(ChunkRecord.class, new WireSerdes.ChunkRecordSerde());
        byType.put(PcmBlock.class, new WireSerdes.PcmBlockSerde());
        byType.put(MinMaxBlock.class, new WireSerdes.MinMaxBlockSerde());
        byType.put(PlaybackStatus.class, new WireSerdes.PlaybackStatusSerde());
        byType.put(StationAnnouncement.class, new WireSerdes.StationAnnouncementSerde());
        byType.put(byte[].class, new ByteArraySerializer());
        return factory -> {
            DefaultKafkaProducerFactory raw = factory;
            raw.setKeySerializer(new StringSerializer());
            raw.setValueSerializer(new DelegatingByTypeSerializer(byType));
        };
    }

    @Bean
    @ConditionalOnMissingBean
    DeadLetters deadLetters(KafkaTemplate<Object, Object> template, MeterRegistry meters) {
        return new DeadLetters(template, meters, FLEET_TOPICS);
    }

    /** audifleet_consumer_lag_records of every listener's topics, 0 rather than NaN when idle. */
    @Bean
    ConsumerLag consumerLag(MeterRegistry meters, KafkaListenerEndpointRegistry listeners) {
        return new ConsumerLag(meters, listeners);
    }

    @Bean
    @SuppressWarnings({"unchecked", "rawtypes"})
    DefaultKafkaConsumerFactoryCustomizer consumerLagListener(ConsumerLag lag) {
        return factory -> {
            DefaultKafkaConsumerFactory raw = factory;
            raw.addListener(lag);
        };
    }

    /** What the container does with a record it gave up on; a service may replace it (the decoder adds a gap). */
    @Bean
    @ConditionalOnMissingBean
    ConsumerRecordRecoverer deadLetterRecoverer(DeadLetters deadLetters) {
        ConsumerAwareRecordRecoverer recoverer = deadLetters::publish;
        return recoverer;
    }

    @Bean
    @ConditionalOnProperty("spring.kafka.producer.transaction-id-prefix")
    TransactionWarmUp transactionWarmUp(KafkaTemplate<Object, Object> template) {
        return new TransactionWarmUp(template);
    }

    @Bean
    CommonErrorHandler fleetErrorHandler(ConsumerRecordRecoverer recoverer) {
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, new FixedBackOff(200L, 2L));
        handler.addNotRetryableExceptions(WireFormatException.class, NotRetryableException.class);
        return handler;
    }

    @Bean
    DefaultAfterRollbackProcessor<Object, Object> fleetAfterRollbackProcessor(ConsumerRecordRecoverer recoverer,
            KafkaTemplate<Object, Object> template) {
        DefaultAfterRollbackProcessor<Object, Object> processor = new DefaultAfterRollbackProcessor<>(recoverer,
                new FixedBackOff(200L, 2L), template, true);
        processor.addNotRetryableExceptions(WireFormatException.class, NotRetryableException.class);
        return processor;
    }
}
