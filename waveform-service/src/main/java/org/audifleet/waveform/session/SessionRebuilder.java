package org.audifleet.waveform.session;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.Topics;
import org.audifleet.wire.WireFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * Rebuilds a session's pyramids from audio.pcm, the only store of the samples: the service keeps no
 * database, so after a restart a session it no longer holds is read again from Kafka when someone asks
 * for it.
 *
 * <p>A scan reads the one partition the session's key hashes to ({@link Topics#partitionOf}, as the
 * producer's partitioner), from the earliest retained offset to the partition's last stable offset taken
 * when the scan starts, read_committed, without a consumer group (nothing is committed, the listener's
 * offsets are untouched).
 * Values are decoded only for the session's key. Blocks the listener takes meanwhile are also fed to the
 * rebuilt session ({@link SessionWaveforms#beginRebuild}), so when it replaces the live session it lacks
 * nothing. Scans run one at a time on one thread; concurrent requests for the same session share a scan.
 * Not a {@code @KafkaListener}: it is a bounded one-off read of one partition from the start, not a
 * subscription.
 */
@Component
class SessionRebuilder implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SessionRebuilder.class);

    private final SessionWaveforms sessions;
    private final RebuildProperties properties;
    private final Map<String, Object> consumerConfig;
    private final ConcurrentHashMap<UUID, CompletableFuture<Boolean>> scans = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "waveform-rebuild");
        t.setDaemon(true);
        return t;
    });

    SessionRebuilder(SessionWaveforms sessions, RebuildProperties properties, KafkaProperties kafka) {
        this.sessions = sessions;
        this.properties = properties;
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove("spring.deserializer.value.delegate.class");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "waveform-rebuild-" + UUID.randomUUID());
        this.consumerConfig = config;
    }

    boolean enabled() {
        return properties.enabled();
    }

    Duration waitLimit() {
        return properties.requestWait();
    }

    /**
     * The session's scan, started if none is running: completes with true when the session was found and
     * installed, false when audio.pcm holds no block of it. Null when too many scans are queued.
     */
    CompletableFuture<Boolean> rebuild(UUID sessionId) {
        CompletableFuture<Boolean> running = scans.get(sessionId);
        if (running != null) {
            return running;
        }
        synchronized (scans) {
            running = scans.get(sessionId);
            if (running != null) {
                return running;
            }
            if (scans.size() >= properties.maxPending()) {
                return null;
            }
            CompletableFuture<Boolean> scan = new CompletableFuture<>();
            scans.put(sessionId, scan);
            executor.execute(() -> {
                try {
                    scan.complete(scan(sessionId));
                } catch (Throwable e) {
                    log.warn("rebuild of session {} failed: {}", sessionId, e.toString());
                    scan.completeExceptionally(e);
                } finally {
                    scans.remove(sessionId);
                }
            });
            return scan;
        }
    }

    /** The one partition of audio.pcm that holds the session's blocks (they are keyed by session id). */
    static TopicPartition partitionToScan(UUID sessionId, int partitions) {
        return new TopicPartition(Topics.AUDIO_PCM, Topics.partitionOf(sessionId.toString(), partitions));
    }

    private boolean scan(UUID sessionId) {
        long started = System.nanoTime();
        String key = sessionId.toString();
        SessionWaveform target = sessions.newSession(sessionId);
        sessions.beginRebuild(sessionId, target);
        long records = 0;
        long bytes = 0;
        long blocks = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            int partitions = consumer.partitionsFor(Topics.AUDIO_PCM, Duration.ofSeconds(10)).size();
            TopicPartition partition = partitionToScan(sessionId, partitions);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            // read_committed: the end offset is the last stable offset. Everything the listener consumed
            // before beginRebuild lies below it; anything after reaches the target through the listener.
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = started + properties.maxScan().toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("scan of " + partition + " for session " + sessionId
                            + " passed audifleet.waveform.rebuild.max-scan " + properties.maxScan());
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records++;
                    if (record.offset() >= end || !key.equals(record.key()) || record.value() == null) {
                        continue;
                    }
                    bytes += record.value().length;
                    try {
                        target.accept(PcmBlock.decode(record.value()));
                        blocks++;
                    } catch (WireFormatException e) {
                        // The listener dead-lettered this record; the rebuilt session skips it the same way.
                    }
                }
            }
            log.info("rebuild of session {}: {} of {} records on {} ({} bytes of blocks) in {} ms", sessionId,
                    blocks, records, partition, bytes, (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException e) {
            sessions.abandon(sessionId);
            throw e;
        }
        if (!target.hasBlocks()) {
            sessions.abandon(sessionId);
            return false;
        }
        sessions.install(sessionId, target);
        return true;
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
