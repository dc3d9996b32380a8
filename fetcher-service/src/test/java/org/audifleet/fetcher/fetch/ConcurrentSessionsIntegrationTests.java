package org.audifleet.fetcher.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
import org.audifleet.fetcher.FetcherApplication;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.PlaybackStatus;
import org.audifleet.wire.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * The fetcher service on a real broker and a real loopback chunk store that answers each chunk after
 * {@link #CHUNK_DELAY}: {@link #SESSIONS} requests sent together to one playback.requests partition (where the
 * fetcher used to serve one session at a time, each after the one before was published) and one record there that
 * does not deserialize. Every session is accepted before any chunk is published, so all are in progress at once;
 * each chunk of each session is published exactly once, in order; the unreadable record is answered BAD_REQUEST and
 * dead-lettered once; nothing is committed while they publish, and the partition's offset is committed past all of
 * them once they are done.
 */
@EmbeddedKafka(partitions = Topics.REQUEST_PARTITIONS)
class ConcurrentSessionsIntegrationTests {

    static final int SESSIONS = 8;
    static final int CHUNKS = 2;
    static final Duration CHUNK_DELAY = Duration.ofSeconds(3);
    static final Duration WAIT = Duration.ofSeconds(90);
    static final Instant START = DemoStoreWriter.DEFAULT_START;

    @TempDir
    static Path store;
    static ChunkStoreServer server;
    static EmbeddedKafkaBroker broker;
    static ConfigurableApplicationContext fetcher;

    @BeforeAll
    static void start() throws Exception {
        new DemoStoreWriter().length(Duration.ofHours(1)).write(store);
        server = new ChunkStoreServer(store, 0, List.of(ChunkStoreServer.Fault.delay("\\.10m\\.i32\\.zst$",
                CHUNK_DELAY)));
        broker = EmbeddedKafkaCondition.getBroker();
        fetcher = FetcherApplication.application().run(
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "--server.port=0",
                "--spring.main.banner-mode=off", "--audifleet.origins.paced.kind=chunk-store",
                "--audifleet.origins.paced.url=" + server.uri(), "--audifleet.origins.paced.chunk-policy=10m",
                // Every chunk of every session at the origin at once: the test is about the fetcher's own limits.
                "--audifleet.origins.paced.max-concurrency=" + SESSIONS * CHUNKS);
    }

    @AfterAll
    static void stop() {
        if (fetcher != null) {
            fetcher.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void requestsOnOnePartitionAreAllInProgressAtOnceAndEachChunkIsPublishedOnce() throws Exception {
        List<UUID> sessions = IntStream.range(0, SESSIONS).mapToObj(i -> UUID.randomUUID()).toList();
        UUID unreadable = UUID.randomUUID();
        // A partition moved between listener threads mid-session is served again by its new owner (duplicates the
        // station drops); this test counts exact copies, so it sends once the group has settled.
        awaitGroupSettled();
        Map<String, Object> props = KafkaTestUtils.producerProps(broker.getBrokersAsString());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < SESSIONS; i++) {
                Instant from = START.plus(Duration.ofMinutes(20L * (i % 3)));
                PlaybackRequest request = new PlaybackRequest(sessions.get(i), "paced", DemoStoreWriter.DEFAULT_STREAM,
                        Micros.of(from), Micros.of(from.plus(Duration.ofMinutes(10L * CHUNKS))), Micros.now());
                producer.send(new ProducerRecord<>(Topics.PLAYBACK_REQUESTS, 0, request.sessionId().toString(),
                        request.encode()));
                if (i == SESSIONS / 2) {
                    producer.send(new ProducerRecord<>(Topics.PLAYBACK_REQUESTS, 0, unreadable.toString(),
                            "not a request".getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }

        Map<UUID, Long> acceptedAt = new HashMap<>();
        Map<UUID, List<String>> chunks = new HashMap<>();
        Map<UUID, Long> firstChunkAt = new HashMap<>();
        List<String> rejections = new ArrayList<>();
        int deadLetters = 0;
        boolean checkedWhileInProgress = false;
        Long committedWhileInProgress = null;
        Map<String, Object> consumerProps = KafkaTestUtils.consumerProps(broker, "reader-" + UUID.randomUUID(), false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.PLAYBACK_STATUS, Topics.CHUNKS_RAW,
                    Topics.deadLetter(Topics.PLAYBACK_REQUESTS))) {
                awaitTopic(consumer, topic);
                for (PartitionInfo p : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!(complete(chunks, sessions) && rejections.size() == 1 && deadLetters == 1)) {
                assertThat(System.nanoTime()).as("every session published within %s: %s", WAIT, chunks)
                        .isLessThan(deadline);
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(Topics.PLAYBACK_STATUS)) {
                        PlaybackStatus status = PlaybackStatus.decode(r.value());
                        if (status.event() instanceof PlaybackStatus.Accepted) {
                            acceptedAt.put(status.sessionId(), r.timestamp());
                        } else if (status.event() instanceof PlaybackStatus.Rejected rejected) {
                            rejections.add(status.sessionId() + " " + rejected.reason());
                        }
                    } else if (r.topic().equals(Topics.CHUNKS_RAW)) {
                        ChunkRecord chunk = ChunkRecord.decode(r.value());
                        chunks.computeIfAbsent(chunk.sessionId(), s -> new ArrayList<>())
                                .add(chunk.chunkIndex() + "." + chunk.fragmentIndex());
                        firstChunkAt.merge(chunk.sessionId(), r.timestamp(), Math::min);
                    } else {
                        deadLetters++;
                    }
                }
                if (!checkedWhileInProgress && acceptedAt.size() == SESSIONS && firstChunkAt.isEmpty()) {
                    committedWhileInProgress = committed(new TopicPartition(Topics.PLAYBACK_REQUESTS, 0));
                    checkedWhileInProgress = true;
                }
            }
            // Anything published twice would have come by now: the last session's chunks were the last to leave.
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(2))) {
                if (r.topic().equals(Topics.CHUNKS_RAW)) {
                    ChunkRecord chunk = ChunkRecord.decode(r.value());
                    chunks.computeIfAbsent(chunk.sessionId(), s -> new ArrayList<>())
                            .add(chunk.chunkIndex() + "." + chunk.fragmentIndex());
                }
            }
        }

        assertThat(acceptedAt).as("every session accepted").containsOnlyKeys(sessions);
        long lastAccepted = acceptedAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        long firstChunk = firstChunkAt.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        assertThat(lastAccepted).as("all %d accepted before any chunk was out: in progress at once, not one after"
                + " the other", SESSIONS).isLessThan(firstChunk);
        assertThat(chunks).as("each chunk once, in order, per session").containsOnlyKeys(sessions)
                .allSatisfy((session, published) -> assertThat(published).containsExactly("0.0", "1.0"));
        assertThat(rejections).containsExactly(unreadable + " " + PlaybackStatus.Reason.BAD_REQUEST);
        assertThat(deadLetters).isEqualTo(1);
        if (checkedWhileInProgress) {
            assertThat(committedWhileInProgress).as("nothing committed while the first request was still publishing")
                    .isIn(null, 0L);
        }
        awaitCommitted(new TopicPartition(Topics.PLAYBACK_REQUESTS, 0), SESSIONS + 1);
    }

    /** The fetcher's committed offset of {@code partition}, null when it has none. */
    static Long committed(TopicPartition partition) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()))) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets("audifleet-fetcher")
                    .partitionsToOffsetAndMetadata().get().get(partition);
            return committed == null ? null : committed.offset();
        }
    }

    static boolean complete(Map<UUID, List<String>> chunks, List<UUID> sessions) {
        return sessions.stream().allMatch(s -> chunks.getOrDefault(s, List.of()).size() >= CHUNKS);
    }

    static void awaitTopic(KafkaConsumer<?, ?> consumer, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (consumer.listTopics().get(topic) == null) {
            assertThat(System.nanoTime()).as("topic %s declared", topic).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Until every playback.requests partition has had the same owner for 2 s in a stable group. */
    static void awaitGroupSettled() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()))) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            String seen = "";
            long since = System.nanoTime();
            while (true) {
                var group = admin.describeConsumerGroups(List.of("audifleet-fetcher")).all().get()
                        .get("audifleet-fetcher");
                String now = group.groupState() + " " + group.members().stream()
                        .map(m -> m.consumerId() + m.assignment().topicPartitions()).sorted().toList();
                int assigned = group.members().stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum();
                if (!now.equals(seen)) {
                    seen = now;
                    since = System.nanoTime();
                } else if (assigned == Topics.REQUEST_PARTITIONS && group.groupState() == GroupState.STABLE
                        && System.nanoTime() - since > Duration.ofSeconds(2).toNanos()) {
                    return;
                }
                assertThat(System.nanoTime()).as("the fetcher's group settled: %s", now).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    /** Waits until the fetcher's group has committed {@code partition} up to {@code offset}. */
    static void awaitCommitted(TopicPartition partition, long offset) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.getBrokersAsString()))) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("audifleet-fetcher")
                        .partitionsToOffsetAndMetadata().get().get(partition);
                if (committed != null && committed.offset() >= offset) {
                    return;
                }
                assertThat(System.nanoTime()).as("offset %d committed", offset).isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }
}
