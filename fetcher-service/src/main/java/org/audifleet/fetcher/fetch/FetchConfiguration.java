package org.audifleet.fetcher.fetch;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.audifleet.fetcher.origin.Origins;
import org.audifleet.service.kafka.DeadLetters;
import org.audifleet.wire.Topics;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

@Configuration(proxyBeanMethods = false)
class FetchConfiguration {

    /** Download threads; each origin's own semaphore decides how many hit it at once. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService chunkDownloads() {
        return daemonPool(16, "chunk-download-");
    }

    /**
     * Planner threads, one per listener thread (a partition of playback.requests): a listener waits for its
     * session's plan at most audifleet.fetch.max-planning-time, and a planner given up on is interrupted.
     */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService sessionPlanners() {
        return daemonPool(Topics.REQUEST_PARTITIONS, "session-planning-");
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
