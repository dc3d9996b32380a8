package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.PlaybackStatus;
import org.audifleet.wire.Topics;
import org.audifleet.wire.WireSerdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The fetcher's last word on a request its container gave up on after the retries. A real fetcher whose producer may
 * send no record over 40 kB (a 10 min demo chunk is larger) accepts the session, fails to publish its first chunk on
 * each of the container's three attempts, and then answers REJECTED {@code FETCH_FAILED} with that failure and
 * dead-letters the request with the same line. A request record that does not deserialize is answered BAD_REQUEST to
 * the session its key names.
 */
@EmbeddedKafka(partitions = Topics.PARTITIONS)
class SessionStatusGiveUpFleetIntegrationTests {

    @TempDir
    static Path store;
    static ChunkStoreServer server;
    static Fleet fleet;
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startFetcher() throws Exception {
        new DemoStoreWriter().length(Duration.ofHours(1)).write(store);
        server = new ChunkStoreServer(store, 0);
        broker = EmbeddedKafkaCondition.getBroker();
        fleet = new Fleet(broker.getBrokersAsString(), "--audifleet.origins.demo.url=" + server.uri(),
                "--spring.kafka.producer.properties.max.request.size=40000");
        fleet.start(Fleet.Service.FETCHER);
    }

    @AfterAll
    static void stop() {
        Fleet.closeAll(fleet, server);
    }

    @Test
    void aRequestTheContainerGivesUpOnIsAnsweredFetchFailedAndDeadLetteredWithTheSameLine() throws Exception {
        PlaybackRequest request = new PlaybackRequest(UUID.randomUUID(), "demo", DemoStoreWriter.DEFAULT_STREAM,
                Micros.of(DemoStoreWriter.DEFAULT_START),
                Micros.of(DemoStoreWriter.DEFAULT_START.plus(Duration.ofMinutes(10))), Micros.now());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        try (KafkaProducer<String, PlaybackRequest> requests = new KafkaProducer<>(p, new StringSerializer(),
                new WireSerdes.PlaybackRequestSerde())) {
            requests.send(new ProducerRecord<>(Topics.PLAYBACK_REQUESTS, request.sessionId().toString(), request))
                    .get(10, TimeUnit.SECONDS);
        }
        // The group settles first, then three attempts: a minute is ample.
        String reason = SessionStatusFleetIntegrationTests.deadLetterReason(broker.getBrokersAsString(),
                request.sessionId(), Duration.ofSeconds(60));
        // The broker-bound chunk's own failure, as service-kafka's DeadLetters words it.
        assertThat(reason).matches("Send failed: The message is \\d+ bytes when serialized which is larger than 40000,"
                + " which is the value of the max.request.size configuration.");

        List<PlaybackStatus.Event> news = statuses(request.sessionId());
        // RECEIVED once, when the fetcher took the request (fetcher-service RequestIntake: the attempts are its own,
        // not the container's redeliveries); each attempt planned it again (ACCEPTED), then the last word.
        assertThat(news).as("received once, each attempt accepted, then the last word").hasSize(5);
        assertThat(news.get(0)).isEqualTo(new PlaybackStatus.Received(10_000));
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThat(news.get(1 + attempt)).isInstanceOf(PlaybackStatus.Accepted.class);
        }
        assertThat(news.get(4)).isInstanceOfSatisfying(PlaybackStatus.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(PlaybackStatus.Reason.FETCH_FAILED);
            assertThat(r.text()).isEqualTo("the fetcher gave up on the request after its retries: " + reason);
        });
    }

    @Test
    void aRequestRecordThatDoesNotDeserializeIsAnsweredBadRequestToTheSessionItsKeyNames() throws Exception {
        UUID session = UUID.randomUUID();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        try (KafkaProducer<String, byte[]> requests = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            requests.send(new ProducerRecord<>(Topics.PLAYBACK_REQUESTS, session.toString(),
                    "not a request".getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        }
        String reason = SessionStatusFleetIntegrationTests.deadLetterReason(broker.getBrokersAsString(), session,
                Duration.ofSeconds(60));
        assertThat(reason).contains("PlaybackRequest");
        assertThat(statuses(session)).singleElement().isInstanceOfSatisfying(PlaybackStatus.Rejected.class, r -> {
            assertThat(r.reason()).isEqualTo(PlaybackStatus.Reason.BAD_REQUEST);
            assertThat(r.text()).isEqualTo("the request record does not deserialize: " + reason);
        });
    }

    /** Every status of the session on its playback.status partition so far. */
    static List<PlaybackStatus.Event> statuses(UUID session) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        List<PlaybackStatus.Event> news = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(Topics.PLAYBACK_STATUS,
                    Topics.partitionOf(session.toString(), Topics.partitions(Topics.PLAYBACK_STATUS)));
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (session.toString().equals(r.key())) {
                        news.add(PlaybackStatus.decode(r.value()).event());
                    }
                }
            }
        }
        return news;
    }
}
