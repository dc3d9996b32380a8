package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.audifleet.player.session.ExitCodes;
import org.audifleet.player.session.StationSession;
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
 * (default 5 s) has passed, instead of waiting out the first-audio timeout and blaming the origin.
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
}
