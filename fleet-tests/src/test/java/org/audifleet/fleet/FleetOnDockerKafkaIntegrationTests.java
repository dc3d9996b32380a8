package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The one-hour exactness check against Apache Kafka's own broker image, where a Docker engine is
 * available (skipped otherwise: CI machines here have the Docker client but no engine, and run the
 * same scenario on the in-JVM KRaft broker in {@link FleetIntegrationTests}).
 */
@Testcontainers(disabledWithoutDocker = true)
class FleetOnDockerKafkaIntegrationTests {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @TempDir
    Path store;

    @Test
    void aOneHourSessionPlaysEveryOriginSampleInOrder() throws Exception {
        DemoStoreWriter writer = new DemoStoreWriter().length(Duration.ofHours(1));
        writer.write(store);
        FleetIntegrationTests.origin = new int[FleetIntegrationTests.SESSION_SAMPLES];
        writer.seismogram().fill(FleetIntegrationTests.origin, 0, FleetIntegrationTests.SESSION_SAMPLES);
        try (ChunkStoreServer server = new ChunkStoreServer(store, 0);
                Fleet fleet = new Fleet(KAFKA.getBootstrapServers(), "--audifleet.origins.demo.url=" + server.uri())
                        .startAll()) {
            PlayedSession played = FleetIntegrationTests.play(KAFKA.getBootstrapServers(), "demo",
                    FleetIntegrationTests.START, Duration.ofHours(1), block -> { });
            assertThat(played.report().duplicatesDropped()).isZero();
            FleetIntegrationTests.assertSessionIsTheOrigin(played, 0, FleetIntegrationTests.SESSION_SAMPLES);
        }
    }
}
