package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
import org.audifleet.player.session.SessionReport;
import org.audifleet.player.session.StationSession;
import org.audifleet.player.session.SessionStatusWatcher;
import org.audifleet.player.output.CaptureOutput;
import org.audifleet.service.kafka.DeadLetters;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.PlaybackStatus;
import org.audifleet.wire.StreamId;
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
 * What a station hears on playback.status, through the station's own {@link SessionStatusWatcher} opened before
 * the request is sent: rejections with their reason within 2 s, a session without data told so at its end, and a
 * normal session accepted with its plan and then played sample-exact. The fleet and origins are real, as in
 * {@link FleetIntegrationTests}: the demo chunk store over loopback HTTP and a loopback FDSN service.
 */
@EmbeddedKafka(partitions = Topics.PARTITIONS)
class SessionStatusFleetIntegrationTests {

    static final StreamId STREAM = DemoStoreWriter.DEFAULT_STREAM;
    static final Instant START = DemoStoreWriter.DEFAULT_START;
    static final StreamId FDSN_STREAM = StreamId.parse("XX.FDSN..HHZ");
    /** An answer must come within this of sending the request. */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(2);
    /** The fetcher's default audifleet.fetch.max-planning-time. */
    static final Duration MAX_PLANNING_TIME = Duration.ofSeconds(10);
    static final Instant SLOW_DAY = Instant.parse("2024-01-03T00:00:00Z");
    static final String SLOW_DAY_PATH = "2024/01/03/";
    static final Instant FAILING_DAY = Instant.parse("2024-01-04T00:00:00Z");
    static final String FAILING_DAY_PATH = "2024/01/04/";

    @TempDir
    static Path store;
    static int[] origin;
    static ChunkStoreServer server;
    static FdsnTestServer fdsn;
    static Fleet fleet;
    static EmbeddedKafkaBroker broker;
    static KafkaProducer<String, PlaybackRequest> requests;

    @BeforeAll
    static void startFleet() throws Exception {
        DemoStoreWriter writer = new DemoStoreWriter().length(Duration.ofHours(2));
        writer.write(store);
        origin = new int[360_000];
        writer.seismogram().fill(origin, 0, origin.length);
        // Two days beside the store's data, whose (missing) manifests answer slowly or fail: planning them
        // passes the planning deadline, or fails through every retry.
        server = new ChunkStoreServer(store, 0, List.of(
                ChunkStoreServer.Fault.delay("^" + SLOW_DAY_PATH, Duration.ofSeconds(60)),
                ChunkStoreServer.Fault.fail("^" + FAILING_DAY_PATH, Integer.MAX_VALUE, 503)));
        // One minute of FDSN_STREAM; any other stream is 404, as real dataselect services answer.
        fdsn = new FdsnTestServer(FDSN_STREAM, Micros.of(START), new int[6_000], Set.of(), -1, Long.MAX_VALUE);
        broker = EmbeddedKafkaCondition.getBroker();
        fleet = new Fleet(broker.getBrokersAsString(), "--audifleet.origins.demo.url=" + server.uri(),
                "--audifleet.origins.fdsn-test.kind=fdsn", "--audifleet.origins.fdsn-test.url=" + fdsn.uri())
                .startAll();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        requests = new KafkaProducer<>(p, new StringSerializer(), new WireSerdes.PlaybackRequestSerde());
        // The first answer waits for the fetcher's group to settle; the timed tests start after it.
        Heard warmUp = ask(request("nowhere", START, Duration.ofMinutes(1)));
        assertThat(warmUp.next(Duration.ofSeconds(60))).isInstanceOf(PlaybackStatus.Rejected.class);
        warmUp.close();
    }

    @AfterAll
    static void stopFleet() {
        Fleet.closeAll(requests, fleet, server, fdsn);
    }

    static PlaybackRequest request(String originName, Instant start, Duration length) {
        return request(originName, STREAM, start, length);
    }

    static PlaybackRequest request(String originName, StreamId stream, Instant start, Duration length) {
        return new PlaybackRequest(UUID.randomUUID(), originName, stream, Micros.of(start),
                Micros.of(start.plus(length)), Micros.now());
    }

    static Properties watcherConfig() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        return c;
    }

    /** Opens a watcher for the request's session, then sends the request. */
    static Heard ask(PlaybackRequest request) throws Exception {
        Heard heard = Heard.watch(request.sessionId());
        heard.sentNanos = System.nanoTime();
        requests.send(new ProducerRecord<>(Topics.PLAYBACK_REQUESTS, request.sessionId().toString(), request))
                .get(10, TimeUnit.SECONDS);
        return heard;
    }

    /** The news a watcher passed on, in order, each with when it arrived. */
    static final class Heard implements SessionStatusWatcher.Listener, AutoCloseable {
        final BlockingQueue<PlaybackStatus.Event> events = new LinkedBlockingQueue<>();
        final List<String> skipped = new ArrayList<>();
        volatile long sentNanos;
        volatile long firstNanos;
        /** The RECEIVED before planning, kept apart from the answers that follow it. */
        volatile PlaybackStatus.Received received;
        volatile long receivedNanos;
        private SessionStatusWatcher watcher;

        static Heard watch(UUID session) throws Exception {
            Heard heard = new Heard();
            heard.watcher = SessionStatusWatcher.open(watcherConfig(), session, heard);
            return heard;
        }

        PlaybackStatus.Event next(Duration within) throws InterruptedException {
            return events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** From sending the request to the first news after RECEIVED. */
        Duration answeredAfter() {
            return Duration.ofNanos(firstNanos - sentNanos);
        }

        /** From sending the request to RECEIVED. */
        Duration receivedAfter() {
            return Duration.ofNanos(receivedNanos - sentNanos);
        }

        private void heard(PlaybackStatus.Event event) {
            if (firstNanos == 0) {
                firstNanos = System.nanoTime();
            }
            events.add(event);
        }

        @Override
        public void received(PlaybackStatus.Received planning) {
            receivedNanos = System.nanoTime();
            received = planning;
        }

        @Override
        public void accepted(PlaybackStatus.Accepted plan) {
            heard(plan);
        }

        @Override
        public void rejected(PlaybackStatus.Rejected rejection) {
            heard(rejection);
        }

        @Override
        public void chunkGap(PlaybackStatus.ChunkGap gap) {
            heard(gap);
        }

        @Override
        public void noData(PlaybackStatus.NoData noData) {
            heard(noData);
        }

        @Override
        public void skipped(int partition, long offset, String why) {
            skipped.add(why);
        }

        @Override
        public void close() {
            watcher.close();
        }
    }

    static PlaybackStatus.Rejected rejection(PlaybackRequest request) throws Exception {
        try (Heard heard = ask(request)) {
            PlaybackStatus.Event answer = heard.next(Duration.ofSeconds(20));
            assertThat(answer).isInstanceOf(PlaybackStatus.Rejected.class);
            assertThat(heard.answeredAfter()).as("answered within %s", ANSWER_WITHIN).isLessThan(ANSWER_WITHIN);
            assertThat(heard.next(Duration.ofMillis(500))).as("nothing after a rejection").isNull();
            assertThat(heard.skipped).isEmpty();
            return (PlaybackStatus.Rejected) answer;
        }
    }

    @Test
    void anUnknownOriginIsRejectedWithItsReasonWithinTwoSeconds() throws Exception {
        PlaybackStatus.Rejected rejected = rejection(request("nowhere", START, Duration.ofMinutes(10)));
        assertThat(rejected.reason()).isEqualTo(PlaybackStatus.Reason.UNKNOWN_ORIGIN);
        assertThat(rejected.text()).contains("unknown origin 'nowhere'").contains("demo");
    }

    @Test
    void aWindowOf25HoursIsRejectedAsTooLong() throws Exception {
        PlaybackStatus.Rejected rejected = rejection(request("demo", START, Duration.ofHours(25)));
        assertThat(rejected.reason()).isEqualTo(PlaybackStatus.Reason.WINDOW_TOO_LONG);
        assertThat(rejected.text()).startsWith("window too long: 25 h").contains("24 h");
    }

    @Test
    void rawRequestsOfTenYearsOrEndingInTheYear9999AreRejectedAndDeadLetteredWithinSeconds() throws Exception {
        PlaybackRequest[] raw = {request("demo", START, Duration.ofDays(3650)),
                new PlaybackRequest(UUID.randomUUID(), "demo", STREAM, Micros.of(START),
                        Micros.of(Instant.parse("9999-12-31T23:59:59Z")), Micros.now()),
                // end - start overflows a long: read as -1 µs it once passed the window limit.
                new PlaybackRequest(UUID.randomUUID(), "demo", STREAM, Long.MIN_VALUE, Long.MAX_VALUE, Micros.now())};
        for (PlaybackRequest request : raw) {
            PlaybackStatus.Rejected rejected = rejection(request);
            assertThat(rejected.reason()).as("%s to %s", request.start(), request.end())
                    .isEqualTo(PlaybackStatus.Reason.WINDOW_TOO_LONG);
            assertThat(rejected.text()).startsWith("window too long: ").contains("limit of 24 h");
            assertThat(deadLetterReason(request)).isEqualTo(rejected.text());
        }
    }

    @Test
    void aSlowOriginIsRejectedAtThePlanningDeadlineAndTheNextSessionOnItsPartitionPlays() throws Exception {
        PlaybackRequest slow = request("demo", SLOW_DAY, Duration.ofMinutes(10));
        PlaybackRequest next = onTheSamePartition(slow, START, Duration.ofMinutes(10));
        CaptureOutput sink = new CaptureOutput(60_000 + 44_100);
        try (Heard heard = ask(slow);
                StationSession session = StationSession.of(broker.getBrokersAsString(), next)
                        .statusTimeout(Duration.ofSeconds(30)).open(format -> sink)) {
            session.start();
            long nextSent = System.nanoTime();
            session.play();
            long nextPlayed = System.nanoTime();
            assertThat(session.awaitEnd(Duration.ofSeconds(60))).as("engine finished playing").isTrue();

            // The fetcher serves both at once, so the slow one's answer may come after the next one has played.
            PlaybackStatus.Event answer = heard.next(MAX_PLANNING_TIME.plus(ANSWER_WITHIN));
            assertThat(answer).isInstanceOfSatisfying(PlaybackStatus.Rejected.class, r -> {
                assertThat(r.reason()).isEqualTo(PlaybackStatus.Reason.PLANNING_TOO_SLOW);
                assertThat(r.text()).startsWith("planning took longer than 10 s (audifleet.fetch.max-planning-time):"
                        + " origin 'demo' had not answered for XX.DEMO..HHZ 2024-01-03T00:00:00Z");
            });
            assertThat(heard.answeredAfter()).as("the listener let go at the deadline, not the origin's minute")
                    .isLessThan(MAX_PLANNING_TIME.plus(ANSWER_WITHIN));
            assertThat(heard.received).as("told before planning how long it may take")
                    .isEqualTo(new PlaybackStatus.Received(MAX_PLANNING_TIME.toMillis()));
            assertThat(heard.receivedAfter()).isLessThan(ANSWER_WITHIN);
            assertThat(Duration.ofNanos(nextPlayed - nextSent)).as("the session on the same partition, served beside"
                    + " the slow one, not after it").isLessThan(MAX_PLANNING_TIME);
            assertThat(deadLetterReason(slow)).isEqualTo(((PlaybackStatus.Rejected) answer).text());
        }
        assertThat(sink.captured()).as("the session behind the slow one, played whole").hasSize(60_000);
    }

    @Test
    void aRequestWhosePlanningFailsThroughTheOriginsRetriesIsAnsweredPlanningFailedAndDeadLettered() throws Exception {
        PlaybackRequest failing = request("demo", FAILING_DAY, Duration.ofMinutes(10));
        try (Heard heard = ask(failing)) {
            PlaybackStatus.Event answer = heard.next(Duration.ofSeconds(30));
            assertThat(answer).isInstanceOfSatisfying(PlaybackStatus.Rejected.class, r -> {
                assertThat(r.reason()).isEqualTo(PlaybackStatus.Reason.PLANNING_FAILED);
                assertThat(r.text()).isEqualTo("planning failed: origin demo: GET " + server.uri() + FAILING_DAY_PATH
                        + "XX/DEMO/--/HHZ/manifest.json failed after 4 attempts: HTTP 503");
            });
            // The origin's own retries (0.2 + 0.4 + 0.8 s) and no more: the container does not retry the plan.
            assertThat(heard.answeredAfter()).isLessThan(ANSWER_WITHIN.plusMillis(1400));
            assertThat(heard.next(Duration.ofMillis(500))).as("one answer").isNull();
            assertThat(deadLetterReason(failing)).isEqualTo(((PlaybackStatus.Rejected) answer).text());
        }
    }

    /** A request of another session that lands on {@code first}'s partition of playback.requests. */
    static PlaybackRequest onTheSamePartition(PlaybackRequest first, Instant start, Duration length) {
        int partition = Topics.partitionOf(first.sessionId().toString(), Topics.REQUEST_PARTITIONS);
        while (true) {
            PlaybackRequest next = request("demo", start, length);
            if (Topics.partitionOf(next.sessionId().toString(), Topics.REQUEST_PARTITIONS) == partition) {
                return next;
            }
        }
    }

    /** The audifleet-defect header of the request's record on playback.requests-dlt, waiting up to 10 s for it. */
    static String deadLetterReason(PlaybackRequest request) {
        return deadLetterReason(broker.getBrokersAsString(), request.sessionId(), Duration.ofSeconds(10));
    }

    static String deadLetterReason(String bootstrap, UUID session, Duration within) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaConsumer<String, byte[]> dlt = new KafkaConsumer<>(c, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < Topics.REQUEST_PARTITIONS; p++) {
                partitions.add(new TopicPartition(Topics.deadLetter(Topics.PLAYBACK_REQUESTS), p));
            }
            dlt.assign(partitions);
            dlt.seekToBeginning(partitions);
            long until = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < until) {
                for (ConsumerRecord<String, byte[]> r : dlt.poll(Duration.ofMillis(200))) {
                    Header reason = r.headers().lastHeader(DeadLetters.DEFECT_HEADER);
                    if (session.toString().equals(r.key()) && reason != null) {
                        return new String(reason.value(), StandardCharsets.UTF_8);
                    }
                }
            }
        }
        throw new AssertionError("no dead letter of session " + session + " within " + within);
    }

    @Test
    void aWindowOnADayTheStoreHasNoManifestForIsRejectedAsOutsideTheData() throws Exception {
        PlaybackStatus.Rejected rejected = rejection(request("demo", Instant.parse("2024-02-01T00:00:00Z"),
                Duration.ofMinutes(30)));
        assertThat(rejected.reason()).isEqualTo(PlaybackStatus.Reason.WINDOW_OUTSIDE_DATA);
        assertThat(rejected.text()).contains("no manifest of XX.DEMO..HHZ for 2024-02-01");
    }

    @Test
    void aChunkStoreWindowWithNoDataEndsWithTheNoDataStatus() throws Exception {
        // 05:00 is on the manifest's day but outside the 2 h the store covers: every chunk is a gap.
        assertNoData(request("demo", START.plus(Duration.ofHours(5)), Duration.ofMinutes(20)), 2);
    }

    @Test
    void anFdsnWindowWhereEveryChunkAnswersNoDataEndsWithTheNoDataStatus() throws Exception {
        assertNoData(request("fdsn-test", StreamId.parse("XX.NONE..HHZ"), START, Duration.ofMinutes(20)), 2);
    }

    static void assertNoData(PlaybackRequest request, int chunks) throws Exception {
        try (Heard heard = ask(request)) {
            PlaybackStatus.Event answer = heard.next(Duration.ofSeconds(20));
            assertThat(answer).isInstanceOfSatisfying(PlaybackStatus.Accepted.class,
                    a -> assertThat(a.chunkCount()).isEqualTo(chunks));
            assertThat(heard.answeredAfter()).isLessThan(ANSWER_WITHIN);
            for (int i = 0; i < chunks; i++) {
                int index = i;
                assertThat(heard.next(Duration.ofSeconds(20))).isInstanceOfSatisfying(PlaybackStatus.ChunkGap.class,
                        g -> {
                            assertThat(g.chunkIndex()).isEqualTo(index);
                            assertThat(g.cause()).isEqualTo(PlaybackStatus.GapCause.NO_DATA);
                            assertThat(g.source()).isNotEmpty();
                        });
            }
            assertThat(heard.next(Duration.ofSeconds(20))).isInstanceOfSatisfying(PlaybackStatus.NoData.class, n -> {
                assertThat(n.chunkCount()).isEqualTo(chunks);
                assertThat(n.text()).contains("no data for " + request.stream());
            });
        }
    }

    @Test
    void aNormalSessionIsAcceptedWithItsPlanAndPlaysExactly() throws Exception {
        PlaybackRequest request = request("demo", START, Duration.ofHours(1));
        int[] chunkCount = {0};
        CaptureOutput sink = new CaptureOutput(origin.length + 44_100);
        SessionReport report;
        try (Heard heard = Heard.watch(request.sessionId());
                StationSession session = StationSession.of(broker.getBrokersAsString(), request)
                        .progress(block -> chunkCount[0] = block.chunkCount()).open(format -> sink)) {
            session.start();
            heard.sentNanos = System.nanoTime();
            report = session.play();
            assertThat(session.awaitEnd(Duration.ofSeconds(60))).as("engine finished playing").isTrue();
            assertThat(heard.next(Duration.ZERO)).isInstanceOfSatisfying(PlaybackStatus.Accepted.class, a -> {
                assertThat(a.chunkCount()).isEqualTo(6).isEqualTo(chunkCount[0]);
                assertThat(a.startMicros()).isEqualTo(request.startMicros());
                assertThat(a.endMicros()).isEqualTo(request.endMicros());
                assertThat(a.sampleRate()).isEqualTo(100.0);
            });
            assertThat(heard.answeredAfter()).isLessThan(ANSWER_WITHIN);
            assertThat(heard.received).as("before the plan").isEqualTo(new PlaybackStatus.Received(10_000));
            assertThat(heard.receivedAfter()).isLessThanOrEqualTo(heard.answeredAfter());
            // The demo's 3 min gap lies inside one chunk: no chunk became a gap, so there is no more news.
            assertThat(heard.next(Duration.ZERO)).isNull();
            assertThat(heard.skipped).isEmpty();
        }
        float[] audio = sink.captured();
        double fullScale = report.peakCounts() * StationSession.PEAK_HEADROOM;
        assertThat(audio).as("output samples").hasSize(origin.length);
        int gapFrom = (int) (DemoStoreWriter.DEFAULT_GAP_OFFSET.toMillis() / 10);
        int gapTo = gapFrom + (int) (DemoStoreWriter.DEFAULT_GAP_LENGTH.toMillis() / 10);
        for (int i = 0; i < origin.length; i++) {
            if (i >= gapFrom && i < gapTo) {
                assertThat(audio[i]).as("gap sample %d is silence", i).isZero();
            } else if (Math.round(audio[i] * fullScale) != origin[i]) {
                assertThat(Math.round(audio[i] * fullScale)).as("sample %d", i).isEqualTo(origin[i]);
            }
        }
    }
}
