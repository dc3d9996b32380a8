package org.audifleet.player.session;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.Topics;
import org.audifleet.wire.WireSerdes;

/**
 * A station's two Kafka clients: a producer for its playback request and a consumer of the one
 * audio.pcm partition its session lands on.
 *
 * <p>The consumer is assigned, not subscribed: joining a consumer group costs 50-150 ms in a fresh
 * JVM, and a station only ever wants its own session's partition, from "now" on. It is positioned at
 * the end of that partition before the request leaves, so no block of this session can be missed.
 */
public final class FleetConnection implements AutoCloseable {

    private final KafkaProducer<String, PlaybackRequest> producer;
    private final KafkaConsumer<String, PcmBlock> consumer;
    private final String bootstrap;

    public FleetConnection(String bootstrap, Duration apiTimeout) {
        this.bootstrap = bootstrap;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) apiTimeout.toMillis());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(apiTimeout.toMillis(), 1000));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(apiTimeout.toMillis(), 30_000));
        producer = new KafkaProducer<>(p, new StringSerializer(), new WireSerdes.PlaybackRequestSerde());
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) apiTimeout.toMillis());
        c.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(apiTimeout.toMillis(), 30_000));
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new WireSerdes.PcmBlockSerde());
    }

    /**
     * Assigns the consumer to the session's audio partition and fixes its position at the current
     * end, so everything published for the session from now on is read.
     */
    public void listenFor(String sessionKey) throws FleetException {
        List<TopicPartition> partitions = partitions(consumer, Topics.AUDIO_PCM, bootstrap);
        TopicPartition tp = new TopicPartition(Topics.AUDIO_PCM, Topics.partitionOf(sessionKey, partitions.size()));
        consumer.assign(List.of(tp));
        consumer.seekToEnd(List.of(tp));
        consumer.position(tp);
    }

    /**
     * The partitions of one of the fleet's topics, or the station's two named errors: the broker does
     * not answer, or it answers but the topic is not there (the services declare it when they start).
     */
    public static List<TopicPartition> partitions(Consumer<?, ?> consumer, String topic, String bootstrap)
            throws FleetException {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new FleetException(ExitCodes.BROKER_UNREACHABLE, "Kafka broker at " + bootstrap
                    + " did not answer (is it running? bin/demo starts one: infra/kafka/kafka-local start)");
        }
        if (infos == null || infos.isEmpty()) {
            throw new FleetException(ExitCodes.FLEET_NOT_READY, "topic " + topic + " does not exist on " + bootstrap
                    + ": the fleet's services declare it when they start; are they running?");
        }
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    public void send(PlaybackRequest request) throws FleetException {
        try {
            producer.send(new ProducerRecord<>(Topics.PLAYBACK_REQUESTS, request.sessionId().toString(), request))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException(ExitCodes.INTERRUPTED, "interrupted while sending the request");
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new FleetException(ExitCodes.BROKER_UNREACHABLE, "sending the playback request to " + bootstrap
                    + " failed: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
    }

    public KafkaConsumer<String, PcmBlock> consumer() {
        return consumer;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
        consumer.close(Duration.ofSeconds(2));
    }
}
