package org.audifleet.player.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.audifleet.wire.HopTimes;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.Topics;
import org.audifleet.wire.WireSerdes;

/**
 * Watches a session's request and first block go by, from a consumer of its own, so a station run can be broken
 * down without the station reporting anything: when the request was built ({@code requestedAtMicros}) and produced
 * (its record timestamp, ms), the first block's hop headers, and when that block became visible to a
 * {@code read_committed} consumer (as it does to the station). Records that do not deserialize are skipped.
 */
final class FleetTap implements AutoCloseable {

    /** What the tap saw of one session; wall-clock epoch µs, 0 where not seen (yet). */
    static final class Seen {
        volatile long requestBuiltMicros;
        volatile long requestProducedMicros;
        volatile long firstBlockVisibleMicros;
        volatile Map<String, Long> firstBlockHops = Map.of();
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<UUID, Seen> sessions = new ConcurrentHashMap<>();
    private final WireSerdes.PlaybackRequestSerde requests = new WireSerdes.PlaybackRequestSerde();
    private final WireSerdes.PcmBlockSerde blocks = new WireSerdes.PcmBlockSerde();
    private final Thread thread;
    private volatile boolean running = true;

    /** Starts watching both topics from their current end. */
    FleetTap(String bootstrap) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : List.of(Topics.PLAYBACK_REQUESTS, Topics.AUDIO_PCM)) {
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                all.add(new TopicPartition(p.topic(), p.partition()));
            }
        }
        consumer.assign(all);
        consumer.seekToEnd(all);
        all.forEach(consumer::position);
        thread = new Thread(this::run, "fleet-tap");
        thread.setDaemon(true);
        thread.start();
    }

    /** What was seen of {@code session} so far (every session that goes by is kept: a bench run has few). */
    Seen seen(UUID session) {
        return sessions.computeIfAbsent(session, s -> new Seen());
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long now = Micros.now();
                    try {
                        if (r.topic().equals(Topics.PLAYBACK_REQUESTS)) {
                            PlaybackRequest request = requests.deserialize(r.topic(), r.value());
                            Seen seen = seen(request.sessionId());
                            if (seen.requestBuiltMicros == 0) {
                                seen.requestBuiltMicros = request.requestedAtMicros();
                                seen.requestProducedMicros = r.timestamp() * 1000;
                            }
                        } else {
                            PcmBlock block = blocks.deserialize(r.topic(), r.value());
                            Seen seen = seen(block.sessionId());
                            if (seen.firstBlockVisibleMicros == 0 && block.chunkIndex() == 0
                                    && block.blockIndex() == 0) {
                                seen.firstBlockHops = HopTimes.read(r.headers());
                                seen.firstBlockVisibleMicros = now;
                            }
                        }
                    } catch (RuntimeException notOurs) {
                        // a record of another format: not a session this bench watches
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
        consumer.close(Duration.ofSeconds(2));
    }
}
