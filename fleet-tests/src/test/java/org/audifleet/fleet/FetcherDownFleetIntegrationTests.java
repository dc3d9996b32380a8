package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
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
import org.audifleet.player.session.ExitCodes;
import org.audifleet.player.session.StationSession;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.PlaybackStatus;
import org.audifleet.wire.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * A fleet whose fetcher is not running: the broker is up and the topics exist (the decoder declares them), so the
 * request is taken, but nobody answers it. The station says so in its own words and exits 4 once its status timeout
 * (default 5 s) has passed, instead of waiting out the first-audio timeout and blaming the origin. A fetcher that
 * said RECEIVED and then nothing (it died planning) gets its own words and exit 4 after the planning deadline it
 * announced plus the status timeout.
 */
@EmbeddedKafka(partitions = Topics.PARTITIONS)
class FetcherDownFleetIntegrationTests {

    static Fleet fleet;

    @BeforeAll
    static void startFleetWithoutFetcher() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaCondition.getBroker();
        fleet = new Fleet(broker.getBrokersAsString());
        fleet.start(Fleet.Service.DECODER);
    }

    @AfterAll
    static void stopFleet() {
        Fleet.closeAll(fleet);
    }

    @Test
    void noFetcherAnsweringExitsFourWithItsOwnMessageWithinTheStatusTimeout() {
        StationRun run = StationRun.of("play", "--bootstrap", EmbeddedKafkaCondition.getBroker().getBrokersAsString(),
                "--origin", "demo", "--stream", DemoStoreWriter.DEFAULT_STREAM.toString(),
                "--start", DemoStoreWriter.DEFAULT_START.toString(), "--duration", "10m", "--output", "null",
                "--quiet");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.FLEET_NOT_READY);
        assertThat(run.stationErrLines()).singleElement().asString()
                .isEqualTo("player-agent: no fetcher answered within 5 s (is the fetcher running?)");
        assertThat(run.took()).isGreaterThanOrEqualTo(StationSession.DEFAULT_STATUS_TIMEOUT)
                .isLessThan(StationSession.DEFAULT_STATUS_TIMEOUT.plusSeconds(2));
    }

    @Test
    void aFetcherThatTookTheRequestButGaveNoPlanExitsFourInItsOwnWordsAfterTheDeadlinePlusTheStatusTimeout()
            throws Exception {
        String bootstrap = EmbeddedKafkaCondition.getBroker().getBrokersAsString();
        Duration planning = Duration.ofSeconds(1);
        // Stands in for a fetcher that dies while planning: it says RECEIVED to each request and nothing more.
        try (ReceivingOnly fetcher = new ReceivingOnly(bootstrap, planning)) {
            StationRun run = StationRun.of("play", "--bootstrap", bootstrap, "--origin", "demo", "--stream",
                    DemoStoreWriter.DEFAULT_STREAM.toString(), "--start", DemoStoreWriter.DEFAULT_START.toString(),
                    "--duration", "10m", "--output", "null", "--quiet");
            assertThat(fetcher.answered).as("the stand-in heard the request").isPositive();
            assertThat(run.exitCode()).isEqualTo(ExitCodes.FLEET_NOT_READY);
            assertThat(run.stationErrLines()).singleElement().asString().isEqualTo("player-agent: the fetcher took"
                    + " the request but gave no plan within 6 s (its planning deadline is 1 s; is the fetcher still"
                    + " running?)");
            Duration wait = planning.plus(StationSession.DEFAULT_STATUS_TIMEOUT);
            assertThat(run.took()).isGreaterThanOrEqualTo(wait).isLessThan(wait.plusSeconds(3));
        }
    }

    /** Reads playback.requests from its end and answers each request RECEIVED only, on its own thread. */
    static final class ReceivingOnly implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> requests;
        private final KafkaProducer<String, byte[]> statuses;
        private final Thread thread;
        private volatile boolean closed;
        volatile int answered;

        ReceivingOnly(String bootstrap, Duration planning) {
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            requests = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < Topics.REQUEST_PARTITIONS; p++) {
                partitions.add(new TopicPartition(Topics.PLAYBACK_REQUESTS, p));
            }
            requests.assign(partitions);
            requests.seekToEnd(partitions);
            partitions.forEach(requests::position); // fixed before the station sends
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            statuses = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
            thread = new Thread(() -> {
                while (!closed) {
                    for (ConsumerRecord<String, byte[]> r : requests.poll(Duration.ofMillis(100))) {
                        PlaybackRequest request = PlaybackRequest.decode(r.value());
                        PlaybackStatus received = new PlaybackStatus(request.sessionId(), Micros.now(),
                                new PlaybackStatus.Received(planning.toMillis()));
                        statuses.send(new ProducerRecord<>(Topics.PLAYBACK_STATUS, received.key(), received.encode()));
                        answered++;
                    }
                }
            }, "receiving-only-fetcher");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            closed = true;
            thread.join(5000);
            requests.close();
            statuses.close();
        }
    }
}
