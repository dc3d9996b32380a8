package org.audifleet.fetcher.fetch;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.audifleet.fetcher.origin.Origins;
import org.audifleet.service.kafka.DeadLetters;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

@Configuration(proxyBeanMethods = false)
class FetchConfiguration {

    static final String LISTENER_ID = "fetcher";

    /** Download threads; each origin's own semaphore decides how many hit it at once. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService chunkDownloads() {
        return daemonPool(16, "chunk-download-");
    }

    /**
     * Planner threads, one per session slot: a session thread waits for its plan at most
     * audifleet.fetch.max-planning-time, and a planner given up on is interrupted.
     */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService sessionPlanners(FetchProperties properties) {
        return daemonPool(properties.maxSessions(), "session-planning-");
    }

    /** One thread per session slot (audifleet.fetch.max-sessions): it plans and publishes one session at a time. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService sessionThreads(FetchProperties properties) {
        return daemonPool(properties.maxSessions(), "session-");
    }

    /**
     * The listener acknowledges its polls itself, from session threads, once each is done ({@link RequestIntake}):
     * MANUAL_IMMEDIATE has the consumer thread commit each acknowledgement as soon as it is queued. Set here, not in
     * fetcher-service.yml, because fleet-kafka.yml's {@code ack-mode: record} takes precedence over the file
     * importing it.
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> requestAcknowledgements(
            RequestIntake<SessionFetcher.Received> intake) {
        return container -> {
            if (LISTENER_ID.equals(container.getListenerId())) {
                container.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL_IMMEDIATE);
                // Before partitions move, the polls still publishing finish and their acks are committed (the
                // container commits pending acks right after this callback), so a rebalance serves nothing twice.
                container.getContainerProperties().setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {
                    @Override
                    public void onPartitionsRevokedBeforeCommit(org.apache.kafka.clients.consumer.Consumer<?, ?> consumer,
                            java.util.Collection<org.apache.kafka.common.TopicPartition> partitions) {
                        if (!partitions.isEmpty() && container.isRunning()) { // not when stopping: no wait at shutdown
                            intake.awaitAcknowledged(REVOCATION_WAIT);
                        }
                    }
                });
            }
        };
    }

    /**
     * How long a revoked listener waits for its sessions to publish: well inside max.poll.interval.ms (5 min), the
     * time the group gives a member to rejoin, and longer than 40 sessions of 6 h chunks took here (20 s).
     */
    static final java.time.Duration REVOCATION_WAIT = java.time.Duration.ofMinutes(2);

    /**
     * Failed sessions are fetched again after the back-off service-kafka's container error handler uses for every
     * other listener (FleetKafkaAutoConfiguration: 200 ms, twice), then answered and dead-lettered.
     */
    @Bean
    RequestIntake<SessionFetcher.Received> requestIntake(SessionFetcher sessions, UnservedRequestRecoverer unserved,
            ExecutorService sessionThreads, FetchProperties properties) {
        return new RequestIntake<>(sessions, unserved, sessionThreads, properties.maxSessions(),
                new FixedBackOff(200L, 2L));
    }

    @Bean
    FetchMetrics fetchMetrics(MeterRegistry meters, Origins origins) {
        return new FetchMetrics(meters, origins.names());
    }

    @Bean
    SessionStatusPublisher sessionStatusPublisher(KafkaTemplate<Object, Object> kafka, FetchMetrics meters) {
        return new SessionStatusPublisher(kafka, meters);
    }

    /**
     * Replaces service-kafka's default recoverer: a request the container gives up on is answered, then dead-lettered.
     */
    @Bean
    UnservedRequestRecoverer unservedRequestRecoverer(SessionStatusPublisher statuses, DeadLetters deadLetters) {
        return new UnservedRequestRecoverer(statuses, deadLetters);
    }

    @Bean
    SessionFetcher sessionFetcher(Origins origins, FetchProperties properties, SessionStatusPublisher statuses,
            KafkaTemplate<Object, Object> kafka, ExecutorService chunkDownloads, ExecutorService sessionPlanners,
            FetchMetrics meters) {
        return new SessionFetcher(new SessionAdmission(origins, properties, sessionPlanners), statuses, kafka,
                chunkDownloads, meters, new ChunkFragments(properties.firstFragmentBytes()));
    }

    private static ExecutorService daemonPool(int threads, String name) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
