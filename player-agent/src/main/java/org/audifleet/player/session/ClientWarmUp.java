package org.audifleet.player.session;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Does, on a thread of its own at the very start of a station process, the first-time work a session's Kafka
 * clients would otherwise do after the command line is parsed: the platform MBean server they register in, their
 * classes' static set-up (config definitions, metrics), the first construction of a consumer, and the seeding of
 * the session id's random source. On two cores this runs beside picocli building its model of the commands, which
 * is the other ~0.3 s of a cold start (player-agent/README.md, "Quick to sound").
 *
 * <p>Nothing here talks to a broker: a consumer connects only when it is first used, and the producer is not built
 * (its network thread would connect at once), only its configuration. A failure here only means no head start,
 * so it is not reported; the session builds its own clients either way.
 */
public final class ClientWarmUp {

    /** Never contacted: a consumer opens no connection until it is used. */
    private static final String NO_BROKER = "127.0.0.1:9";

    private ClientWarmUp() {
    }

    /** Starts the warm-up on a daemon thread and returns at once. */
    public static void start() {
        Thread t = new Thread(ClientWarmUp::run, "station-warm-up");
        t.setDaemon(true);
        t.start();
    }

    static void run() {
        try {
            UUID.randomUUID();
            ManagementFactory.getPlatformMBeanServer();
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, NO_BROKER);
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            new ProducerConfig(p);
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, NO_BROKER);
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            c.put(ConsumerConfig.CLIENT_ID_CONFIG, "station-warm-up");
            new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer()).close(Duration.ZERO);
        } catch (RuntimeException | LinkageError noHeadStart) {
            // the session's own clients do the same work, and report what fails
        }
    }
}
