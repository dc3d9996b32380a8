package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
import org.audifleet.player.session.ExitCodes;
import org.audifleet.player.session.FleetException;
import org.audifleet.player.session.StationSession;
import org.audifleet.player.output.CaptureOutput;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.PlaybackStatus;
import org.audifleet.wire.StreamId;
import org.audifleet.wire.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * What a station answers its operator when the fleet cannot play a request, from real runs of {@code player-agent
 * play} against the real fleet (and of {@link StationSession} where the time from request to answer is measured):
 * the fetcher's reason and exit 5 within 2 s for an unknown origin, exit 5 with the fetcher's reason for a request
 * whose planning failed through the origin's retries or passed the fetcher's planning deadline (longer than the
 * station's status timeout), exit 5 "no data" for a window without data, and exit 3 at once for a broker that is
 * not there. The fetcher-down case (exit 4) is
 * {@link FetcherDownFleetIntegrationTests}; usage errors (exit 2) are player-agent's {@code PlayerAgentTests}.
 */
@EmbeddedKafka(partitions = Topics.PARTITIONS)
class StationAnswersFleetIntegrationTests {

    static final StreamId STREAM = DemoStoreWriter.DEFAULT_STREAM;
    static final Instant START = DemoStoreWriter.DEFAULT_START;
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);
    /** The fetcher's audifleet.fetch.max-planning-time here: past the station's default 5 s status timeout. */
    static final Duration MAX_PLANNING_TIME = Duration.ofSeconds(7);
    static final Instant SLOW_DAY = Instant.parse("2024-01-03T00:00:00Z");

    @TempDir
    static Path store;
    static ChunkStoreServer server;
    static Fleet fleet;
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startFleet() throws Exception {
        new DemoStoreWriter().length(Duration.ofHours(2)).write(store);
        // Days beside the store's data: one whose (missing) manifest always answers 503, so its planning fails every
        // retry, and one whose manifest answers only after a minute, so its planning passes the deadline.
        server = new ChunkStoreServer(store, 0, List.of(ChunkStoreServer.Fault.fail("^2024/01/04/", Integer.MAX_VALUE,
                503), ChunkStoreServer.Fault.delay("^2024/01/03/", Duration.ofSeconds(60))));
        broker = EmbeddedKafkaCondition.getBroker();
        fleet = new Fleet(broker.getBrokersAsString(), "--audifleet.origins.demo.url=" + server.uri())
                .serviceArgs(Fleet.Service.FETCHER, "--audifleet.fetch.max-planning-time=" + MAX_PLANNING_TIME);
        fleet.start(Fleet.Service.FETCHER);
        fleet.start(Fleet.Service.DECODER);
        // The first request waits for the fetcher's group to settle; the timed runs come after it.
        StationRun warmUp = play("--origin", "demo", "--duration", "10m", "--first-audio-timeout", "60s",
                "--status-timeout", "60s");
        assertThat(warmUp.exitCode()).as(warmUp.err()).isZero();
    }

    @AfterAll
    static void stopFleet() {
        Fleet.closeAll(fleet, server);
    }

    /** {@code play} on this fleet's broker into a null output; --start is the store's start unless given. */
    static StationRun play(String... options) {
        return StationRun.play(broker.getBrokersAsString(), STREAM, START, options);
    }

    @Test
    void anUnknownOriginExitsFiveWithTheFetchersReasonWithinTwoSeconds() throws Exception {
        StationRun run = play("--origin", "nowhere", "--duration", "10m");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.NO_AUDIO);
        assertThat(run.stationErrLines()).singleElement().asString()
                .startsWith("player-agent: the fetcher rejected the request (UNKNOWN_ORIGIN): unknown origin 'nowhere'")
                .contains("demo").doesNotContain("logs why");
        assertThat(run.took()).as("whole run: answered, not timed out").isLessThan(StationSession.DEFAULT_STATUS_TIMEOUT);

        // The same through the session, timed from the request: the answer, not a timeout, ends it.
        PlaybackRequest request = new PlaybackRequest(UUID.randomUUID(), "nowhere", STREAM, Micros.of(START),
                Micros.of(START.plus(Duration.ofMinutes(10))), Micros.now());
        try (StationSession session = StationSession.of(broker.getBrokersAsString(), request)
                .open(format -> new CaptureOutput(16))) {
            session.start();
            long sent = System.nanoTime();
            assertThatThrownBy(session::play).isInstanceOfSatisfying(FleetException.class,
                    e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.NO_AUDIO))
                    .hasMessageContaining("UNKNOWN_ORIGIN");
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(ANSWER_WITHIN);
        }
    }

    @Test
    void aWindowWithNoDataAtAllExitsFiveSayingSo() {
        // 05:00 is on the manifest's day but outside the 2 h the store covers: both 10 min chunks are gaps.
        StationRun run = play("--origin", "demo", "--start", START.plus(Duration.ofHours(5)).toString(),
                "--duration", "20m");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.NO_AUDIO);
        assertThat(run.stationErrLines()).last().asString().startsWith("player-agent: no data")
                .contains("no data for " + STREAM);
        assertThat(run.stationErrLines()).as("each chunk's news as it came").filteredOn(l -> l.contains("plays as a gap"))
                .hasSize(2);
        assertThat(run.took()).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aRequestWhosePlanningFailsExitsFiveWithTheFetchersReasonWithinTheStatusTimeout() {
        StationRun run = play("--origin", "demo", "--start", "2024-01-04T00:00:00Z", "--duration", "10m");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.NO_AUDIO);
        assertThat(run.stationErrLines()).singleElement().asString()
                .startsWith("player-agent: the fetcher rejected the request (PLANNING_FAILED): planning failed: origin"
                        + " demo: GET " + server.uri() + "2024/01/04/XX/DEMO/--/HHZ/manifest.json failed after 4"
                        + " attempts: HTTP 503");
        assertThat(run.took()).as("answered, not timed out").isLessThan(StationSession.DEFAULT_STATUS_TIMEOUT);
    }

    @Test
    void aPlanSlowerThanTheStatusTimeoutExitsFiveWithPlanningTooSlowSoonAfterTheFetchersAnswer() {
        // Default options: --status-timeout 5 s, shorter than the fetcher's 7 s planning deadline.
        StationRun run = play("--origin", "demo", "--start", SLOW_DAY.toString(), "--duration", "10m");
        Instant exited = Instant.now();
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.NO_AUDIO);
        assertThat(run.stationErrLines()).singleElement().asString()
                .startsWith("player-agent: the fetcher rejected the request (PLANNING_TOO_SLOW): planning took longer"
                        + " than 7 s (audifleet.fetch.max-planning-time): origin 'demo' had not answered for "
                        + STREAM + " " + SLOW_DAY);
        assertThat(run.took()).as("waited past the status timeout for the plan").isGreaterThan(MAX_PLANNING_TIME);

        List<PlaybackStatus> news = statusesOf(SLOW_DAY);
        assertThat(news).as("received before planning, then the answer").hasSize(2);
        assertThat(news.get(0).event()).isEqualTo(new PlaybackStatus.Received(MAX_PLANNING_TIME.toMillis()));
        PlaybackStatus answer = news.get(1);
        assertThat(answer.event()).isInstanceOfSatisfying(PlaybackStatus.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(PlaybackStatus.Reason.PLANNING_TOO_SLOW));
        // One machine, one clock: the fetcher stamped its answer, the station exited after it.
        Duration afterAnswer = Duration.between(Micros.toInstant(answer.issuedAtMicros()), exited);
        System.out.println("station exited " + afterAnswer.toMillis() + " ms after the fetcher's PLANNING_TOO_SLOW");
        assertThat(afterAnswer).as("exit after the fetcher's answer").isLessThan(ANSWER_WITHIN);
    }

    /** Every status on playback.status of the one session asking for a window from {@code start}, in order. */
    static List<PlaybackStatus> statusesOf(Instant start) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < Topics.partitions(Topics.PLAYBACK_STATUS); p++) {
            partitions.add(new TopicPartition(Topics.PLAYBACK_STATUS, p));
        }
        Map<String, List<PlaybackStatus>> bySession = new HashMap<>();
        UUID session = null;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    PlaybackStatus status = PlaybackStatus.decode(r.value());
                    bySession.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(status);
                    if (status.event() instanceof PlaybackStatus.Rejected rejected
                            && rejected.text().contains(" " + start + " ")) {
                        session = status.sessionId();
                    }
                }
            }
        }
        assertThat(session).as("a rejection naming %s", start).isNotNull();
        return bySession.get(session.toString());
    }

    @Test
    void aBrokerThatIsNotThereExitsThreeAtOnce() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort(); // free again once closed: nothing listens there
        }
        StationRun run = StationRun.of("play", "--bootstrap", "127.0.0.1:" + closed, "--origin", "demo",
                "--stream", STREAM.toString(), "--start", START.toString(), "--output", "null", "--quiet");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.BROKER_UNREACHABLE);
        assertThat(run.stationErrLines()).singleElement().asString()
                .startsWith("player-agent: Kafka broker at 127.0.0.1:" + closed + " is not there");
        assertThat(run.took()).as("not the API timeout").isLessThan(ANSWER_WITHIN);
    }
}
