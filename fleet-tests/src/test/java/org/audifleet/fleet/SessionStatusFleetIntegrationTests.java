package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

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
        server = new ChunkStoreServer(store, 0);
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
        private SessionStatusWatcher watcher;

        static Heard watch(UUID session) throws Exception {
            Heard heard = new Heard();
            heard.watcher = SessionStatusWatcher.open(watcherConfig(), session, heard);
            return heard;
        }

        PlaybackStatus.Event next(Duration within) throws InterruptedException {
            return events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** From sending the request to the first news. */
        Duration answeredAfter() {
            return Duration.ofNanos(firstNanos - sentNanos);
        }

        private void heard(PlaybackStatus.Event event) {
            if (firstNanos == 0) {
                firstNanos = System.nanoTime();
            }
            events.add(event);
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
