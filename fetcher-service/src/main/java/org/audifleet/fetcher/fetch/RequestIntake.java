package org.audifleet.fetcher.fetch;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.audifleet.service.kafka.NotRetryableException;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.WireFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Serves many sessions at once: takes each poll of playback.requests, answers every request in it at once (RECEIVED,
 * or REJECTED when refused on sight), starts each on a session thread as soon as one of {@code max-sessions} slots is
 * free, and returns to the listener, which goes on polling while those sessions publish.
 *
 * <p>What makes that safe is when a poll is acknowledged (its offsets committed): once every request in it is done
 * (its chunks all acknowledged by the broker, or it answered REJECTED and dead-lettered) <em>and</em> every earlier
 * poll of the same listener thread is acknowledged. Polls of one consumer hold each partition's records in offset
 * order, so a committed offset never passes a request still in progress: a fetcher killed at any moment leaves every
 * unfinished request uncommitted, and the next fetcher serves it again (and perhaps some finished ones whose poll was
 * not yet acknowledged; their chunks then come twice, and the station keeps the first copy of each block). This is
 * the bookkeeping spring-kafka's {@code asyncAcks} would do, done here because its container commits a record its
 * error handler recovered outside that bookkeeping (player-agent/README.md, "Time to first audio"): here the
 * container's error handler never sees a request, every failure is handled inside its session.
 *
 * <p>A session that fails is fetched again after the same back-off the fleet's containers use; one that still fails,
 * or is refused ({@link NotRetryableException}), is handed to the recoverer ({@link UnservedRequestRecoverer}: answered
 * REJECTED, dead-lettered once) before its poll counts as done. A record that does not deserialize is handed over at
 * once. A session thread interrupted (the fetcher stopping) or a dead letter that cannot be sent leaves the request
 * undone: that poll and every later one of its listener thread are then never acknowledged by this process, so all of
 * them are served again by the next owner of their partitions; nothing is lost, some sessions come twice.
 *
 * @param <R> a request as {@link Sessions#receive} took it
 */
final class RequestIntake<R> {

    private static final Logger log = LoggerFactory.getLogger(RequestIntake.class);
    private static final LogAccessor logAccessor = new LogAccessor(RequestIntake.class);

    /** What the intake asks of a session; {@link SessionFetcher} in the service. */
    interface Sessions<R> {
        /**
         * On the listener thread, before the request waits for a slot: checks it and tells the station.
         *
         * @throws RuntimeException when it is refused on sight (a {@link NotRetryableException})
         */
        R receive(String key, PlaybackRequest request);

        /** On a session thread: plans and publishes the whole session; may be called again after a failure. */
        void fetch(R received);
    }

    private final Sessions<R> sessions;
    private final ConsumerAwareRecordRecoverer unserved;
    private final ExecutorService sessionThreads;
    private final Semaphore slots;
    private final BackOff retries;
    /** Per listener thread (one consumer each), the acknowledgement of its latest poll. */
    private final Map<Thread, CompletableFuture<Void>> latestAcknowledged =
            Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * @param sessionThreads at least {@code maxSessions} threads, so a session given a slot never waits for a thread
     * @param retries        between attempts of a failed session
     */
    RequestIntake(Sessions<R> sessions, ConsumerAwareRecordRecoverer unserved, ExecutorService sessionThreads,
            int maxSessions, BackOff retries) {
        this.sessions = sessions;
        this.unserved = unserved;
        this.sessionThreads = sessionThreads;
        this.slots = new Semaphore(maxSessions, true);
        this.retries = retries;
    }

    /**
     * Takes one poll. Returns once every request in it is answered and started; blocks while all slots are taken.
     *
     * @param consumer    the listener thread's consumer, for the dead letters of requests refused on that thread
     * @param acknowledge commits the poll's offsets; called once, from any thread, when the poll is done (see above)
     */
    void take(List<? extends ConsumerRecord<String, ?>> records, Consumer<?, ?> consumer, Runnable acknowledge) {
        String group = KafkaUtils.getConsumerGroupId();
        // Every station of the poll hears from the fetcher first; only then may the listener wait for slots.
        List<ConsumerRecord<String, ?>> accepted = new ArrayList<>();
        List<R> received = new ArrayList<>();
        List<CompletableFuture<Void>> served = new ArrayList<>();
        for (ConsumerRecord<String, ?> record : records) {
            if (!(record.value() instanceof PlaybackRequest request)) {
                served.add(recoverHere(record, consumer, failed(group, unreadable(record))));
                continue;
            }
            try {
                received.add(sessions.receive(record.key(), request));
                accepted.add(record);
            } catch (RuntimeException refused) {
                served.add(recoverHere(record, consumer, failed(group, refused)));
            }
        }
        for (int i = 0; i < received.size(); i++) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                // The container is stopping: the rest of this poll is not started, so it is never acknowledged here.
                Thread.currentThread().interrupt();
                served.add(CompletableFuture.failedFuture(new CancellationException("the listener was interrupted")));
                break;
            }
            ConsumerRecord<String, ?> record = accepted.get(i);
            R session = received.get(i);
            try {
                served.add(CompletableFuture.runAsync(() -> serve(record, session, group), sessionThreads));
            } catch (RuntimeException rejected) {
                slots.release();
                served.add(CompletableFuture.failedFuture(rejected));
                break;
            }
        }
        Thread listener = Thread.currentThread();
        CompletableFuture<Void> previous = latestAcknowledged.getOrDefault(listener,
                CompletableFuture.completedFuture(null));
        CompletableFuture<Void> acknowledged = CompletableFuture.allOf(served.toArray(CompletableFuture[]::new))
                .thenCombine(previous, (done, before) -> null).thenRun(acknowledge);
        acknowledged.exceptionally(e -> {
            log.warn("{} request(s) from {} not acknowledged by this fetcher (served again by the partition's next"
                    + " owner): {}", records.size(), where(records), e.getMessage());
            return null;
        });
        latestAcknowledged.put(listener, acknowledged);
    }

    private void serve(ConsumerRecord<String, ?> record, R session, String group) {
        KafkaUtils.setConsumerGroupId(group);
        try {
            BackOffExecution backOff = retries.start();
            while (true) {
                try {
                    sessions.fetch(session);
                    return;
                } catch (RuntimeException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new CancellationException("session thread interrupted: " + e.getMessage());
                    }
                    long wait = notRetryable(e) ? BackOffExecution.STOP : backOff.nextBackOff();
                    if (wait == BackOffExecution.STOP) {
                        // Answered and dead-lettered before the poll counts as done; a failure here leaves it undone.
                        unserved.accept(record, null, failed(group, e));
                        return;
                    }
                    log.warn("request {}: failed, fetched again in {} ms: {}", where(List.of(record)), wait,
                            e.getMessage());
                    Thread.sleep(wait);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("session thread interrupted");
        } catch (RuntimeException e) {
            log.error("request {}: neither served nor dead-lettered: {}", where(List.of(record)), e.getMessage());
            throw new CompletionException(e);
        } finally {
            KafkaUtils.clearConsumerGroupId();
            slots.release();
        }
    }

    /**
     * The recoverer on the listener thread. Its failure (a dead letter not sent) must not reach the container, whose
     * batch error handling would serve the whole poll again and then reject every request in it.
     */
    private CompletableFuture<Void> recoverHere(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer,
            Exception failure) {
        try {
            unserved.accept(record, consumer, failure);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            log.error("request {}: neither served nor dead-lettered: {}", where(List.of(record)), e.getMessage());
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * On a listener thread whose partitions are being revoked (a fetcher joining or leaving the group): waits up to
     * {@code bound} until every poll that thread took is acknowledged, so the container commits those offsets before
     * the partitions move and the new owner does not serve the requests still publishing here a second time. Returns
     * whether they all were; past the bound they are served again by the new owner (at least once, as after a kill).
     */
    boolean awaitAcknowledged(Duration bound) {
        CompletableFuture<Void> latest = latestAcknowledged.get(Thread.currentThread());
        if (latest == null) {
            return true;
        }
        try {
            latest.get(bound.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            log.warn("partitions revoked with requests of this listener not acknowledged within {} ms (served again"
                    + " by the partitions' next owner): {}", bound.toMillis(), e.getMessage());
            return false;
        }
    }

    /** Free slots now, for tests and metrics. */
    int freeSlots() {
        return slots.availablePermits();
    }

    /**
     * As the container would have handed it to the recoverer, so the dead letter's headers are the same (its
     * {@code kafka_dlt-original-consumer-group} comes from this exception's group).
     */
    private static Exception failed(String group, RuntimeException e) {
        return new ListenerExecutionFailedException("the fetcher did not serve the request", group, e);
    }

    private static RuntimeException unreadable(ConsumerRecord<?, ?> record) {
        DeserializationException e = SerializationUtils.getExceptionFromHeader(record,
                SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, logAccessor);
        return e != null ? e : new WireFormatException("the request record has no value");
    }

    private static boolean notRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NotRetryableException || t instanceof WireFormatException) {
                return true;
            }
        }
        return false;
    }

    private static String where(List<? extends ConsumerRecord<?, ?>> records) {
        if (records.isEmpty()) {
            return "an empty poll";
        }
        ConsumerRecord<?, ?> first = records.get(0);
        return first.topic() + "-" + first.partition() + "@" + first.offset()
                + (records.size() > 1 ? " and " + (records.size() - 1) + " more" : "");
    }
}
