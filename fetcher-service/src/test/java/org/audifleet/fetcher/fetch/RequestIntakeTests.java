package org.audifleet.fetcher.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.PlaybackStatus.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.util.backoff.FixedBackOff;

/**
 * {@link RequestIntake} with plain sessions in place of the fetcher's (no Kafka): what is in progress at once, what
 * is retried and recovered, and when each poll is acknowledged.
 */
class RequestIntakeTests {

    static final Duration WAIT = Duration.ofSeconds(20);

    final ExecutorService threads = Executors.newCachedThreadPool();
    final List<String> recovered = new CopyOnWriteArrayList<>();
    final ConsumerAwareRecordRecoverer recoverer = (record, consumer, failure) ->
            recovered.add(record.offset() + " " + innermost(failure));

    static String innermost(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    /** A session that waits for its gate, counting how many are in progress at once. */
    static final class GatedSessions implements RequestIntake.Sessions<PlaybackRequest> {
        final AtomicInteger inProgress = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final Map<UUID, CountDownLatch> gates = new ConcurrentHashMap<>();
        final Map<UUID, AtomicInteger> fetched = new ConcurrentHashMap<>();
        final List<UUID> received = new CopyOnWriteArrayList<>();

        CountDownLatch gate(PlaybackRequest request) {
            return gates.computeIfAbsent(request.sessionId(), id -> new CountDownLatch(1));
        }

        @Override
        public PlaybackRequest receive(String key, PlaybackRequest request) {
            if (request.origin().equals("nowhere")) {
                throw new SessionRejected(Reason.UNKNOWN_ORIGIN, "no origin 'nowhere'");
            }
            received.add(request.sessionId());
            return request;
        }

        @Override
        public void fetch(PlaybackRequest request) {
            fetched.computeIfAbsent(request.sessionId(), id -> new AtomicInteger()).incrementAndGet();
            mostAtOnce.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
            try {
                if (!gate(request).await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("gate never opened");
                }
                if (request.origin().equals("failing")) {
                    throw new IllegalStateException("publishing chunk 0 failed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } finally {
                inProgress.decrementAndGet();
            }
        }
    }

    static PlaybackRequest request(String origin) {
        return new PlaybackRequest(UUID.randomUUID(), origin, DemoStoreWriter.DEFAULT_STREAM,
                Micros.of(DemoStoreWriter.DEFAULT_START),
                Micros.of(DemoStoreWriter.DEFAULT_START.plus(Duration.ofMinutes(10))), 0L);
    }

    static List<ConsumerRecord<String, ?>> poll(int partition, long firstOffset, Object... values) {
        List<ConsumerRecord<String, ?>> records = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            String key = values[i] instanceof PlaybackRequest r ? r.sessionId().toString() : "not-a-session";
            records.add(new ConsumerRecord<>("playback.requests", partition, firstOffset + i, key, values[i]));
        }
        return records;
    }

    RequestIntake<PlaybackRequest> intake(GatedSessions sessions, int maxSessions) {
        return new RequestIntake<>(sessions, recoverer, threads, maxSessions, new FixedBackOff(10L, 2L));
    }

    static void awaitTrue(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void everyRequestOfAPollIsInProgressAtOnceAndThePollIsAcknowledgedOnceAllAreDone() throws Exception {
        GatedSessions sessions = new GatedSessions();
        RequestIntake<PlaybackRequest> intake = intake(sessions, 48);
        PlaybackRequest[] requests = new PlaybackRequest[40];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = request("demo");
        }
        AtomicInteger acknowledged = new AtomicInteger();
        intake.take(poll(0, 0, (Object[]) requests), null, acknowledged::incrementAndGet);

        awaitTrue("all 40 in progress", () -> sessions.inProgress.get() == 40);
        assertThat(sessions.received).as("each answered before any waits").hasSize(40);
        for (int i = 0; i < 39; i++) {
            sessions.gate(requests[i]).countDown();
        }
        awaitTrue("39 done", () -> sessions.inProgress.get() == 1);
        assertThat(acknowledged).as("not while one request is still publishing").hasValue(0);
        sessions.gate(requests[39]).countDown();
        awaitTrue("acknowledged", () -> acknowledged.get() == 1);
        assertThat(sessions.fetched.values()).as("each session fetched once")
                .allSatisfy(n -> assertThat(n).hasValue(1));
        assertThat(sessions.mostAtOnce).hasValue(40);
        assertThat(recovered).isEmpty();
    }

    @Test
    void aLaterPollThatFinishesFirstIsAcknowledgedOnlyAfterTheEarlierOne() throws Exception {
        GatedSessions sessions = new GatedSessions();
        RequestIntake<PlaybackRequest> intake = intake(sessions, 48);
        PlaybackRequest slow = request("demo");
        PlaybackRequest quick = request("demo");
        List<String> acknowledgements = new CopyOnWriteArrayList<>();
        intake.take(poll(3, 10, slow), null, () -> acknowledgements.add("poll 1"));
        intake.take(poll(3, 11, quick), null, () -> acknowledgements.add("poll 2"));
        sessions.gate(quick).countDown();
        awaitTrue("the quick session done", () -> sessions.inProgress.get() == 1);
        Thread.sleep(50);
        assertThat(acknowledgements).as("committing offset 12 would pass offset 10, still publishing").isEmpty();
        sessions.gate(slow).countDown();
        awaitTrue("both acknowledged", () -> acknowledgements.size() == 2);
        assertThat(acknowledgements).containsExactly("poll 1", "poll 2");
    }

    @Test
    void sessionsBeyondTheSlotsWaitAndAllRunOnceSlotsFree() throws Exception {
        GatedSessions sessions = new GatedSessions();
        RequestIntake<PlaybackRequest> intake = intake(sessions, 3);
        PlaybackRequest[] requests = new PlaybackRequest[5];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = request("demo");
        }
        AtomicInteger acknowledged = new AtomicInteger();
        var taking = threads.submit(() -> intake.take(poll(0, 0, (Object[]) requests), null,
                acknowledged::incrementAndGet));
        awaitTrue("3 in progress", () -> sessions.inProgress.get() == 3);
        assertThat(sessions.received).as("all 5 told RECEIVED before any waits for a slot").hasSize(5);
        Thread.sleep(50);
        assertThat(sessions.inProgress).as("never more than max-sessions").hasValue(3);
        assertThat(taking).as("the listener waits for a slot").isNotDone();
        for (PlaybackRequest r : requests) {
            sessions.gate(r).countDown();
        }
        awaitTrue("acknowledged", () -> acknowledged.get() == 1);
        assertThat(sessions.mostAtOnce).hasValue(3);
        assertThat(intake.freeSlots()).isEqualTo(3);
    }

    @Test
    void aRefusedAFailingAndAnUnreadableRequestAreEachRecoveredOnceAndThePollStillAcknowledged() throws Exception {
        GatedSessions sessions = new GatedSessions();
        RequestIntake<PlaybackRequest> intake = intake(sessions, 48);
        PlaybackRequest served = request("demo");
        PlaybackRequest failing = request("failing");
        sessions.gate(served).countDown();
        sessions.gate(failing).countDown();
        AtomicInteger acknowledged = new AtomicInteger();
        intake.take(poll(0, 0, request("nowhere"), null, failing, served), null, acknowledged::incrementAndGet);
        awaitTrue("acknowledged", () -> acknowledged.get() == 1);
        assertThat(recovered).containsExactlyInAnyOrder(
                "0 SessionRejected: no origin 'nowhere'",
                "1 WireFormatException: the request record has no value",
                "2 IllegalStateException: publishing chunk 0 failed");
        assertThat(sessions.fetched.get(failing.sessionId())).as("3 attempts, as the containers' back-off")
                .hasValue(3);
        assertThat(sessions.fetched.get(served.sessionId())).hasValue(1);
    }

    @Test
    void aPollWhoseDeadLetterCannotBeSentIsNeverAcknowledgedNorAnyLaterOne() throws Exception {
        GatedSessions sessions = new GatedSessions();
        ConsumerAwareRecordRecoverer broken = (record, consumer, failure) -> {
            throw new IllegalStateException("broker gone");
        };
        RequestIntake<PlaybackRequest> intake = new RequestIntake<>(sessions, broken, threads, 48,
                new FixedBackOff(10L, 0L));
        PlaybackRequest failing = request("failing");
        PlaybackRequest next = request("demo");
        sessions.gate(failing).countDown();
        sessions.gate(next).countDown();
        List<String> acknowledgements = new CopyOnWriteArrayList<>();
        intake.take(poll(0, 0, failing), null, () -> acknowledgements.add("poll 1"));
        intake.take(poll(0, 1, next), null, () -> acknowledgements.add("poll 2"));
        awaitTrue("both sessions over", () -> sessions.fetched.size() == 2 && sessions.inProgress.get() == 0);
        Thread.sleep(100);
        assertThat(acknowledgements).as("offset 0 must be served again by the partition's next owner").isEmpty();
    }
}
