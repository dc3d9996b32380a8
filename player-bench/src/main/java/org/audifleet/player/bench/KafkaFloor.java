package org.audifleet.player.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The floor under every hop of the fleet, measured on the same broker in the same run: one 1 KB record sent
 * (acks=all, idempotent, linger 0) and received by an assigned consumer, one in flight at a time, as
 * ../shared/notes/latency-floors.md measured it. Uses a topic of its own, {@value #TOPIC}.
 */
final class KafkaFloor {

    static final String TOPIC = "bench.floor";

    private KafkaFloor() {
    }

    /** {@code samples} one-hop times in ms, sorted, after {@code samples / 5} unrecorded ones. */
    static double[] measure(String bootstrap, int samples) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("linger.ms", "0");
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrap);
        c.put("enable.auto.commit", "false");
        c.put("fetch.max.wait.ms", "5");
        TopicPartition tp = new TopicPartition(TOPIC, 0);
        byte[] value = new byte[1024];
        int warmUp = Math.max(5, samples / 5);
        double[] ms = new double[samples];
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            consumer.position(tp);
            producer.partitionsFor(TOPIC);
            for (int i = -warmUp; i < samples; i++) {
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(TOPIC, 0, null, value));
                int got = 0;
                while (got == 0) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                    got = records.count();
                }
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - sent) / 1e6;
                }
            }
        }
        Arrays.sort(ms);
        return ms;
    }
}
