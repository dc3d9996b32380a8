package org.audifleet.fetcher.fetch;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.audifleet.fetcher.origin.Origins;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

@Configuration(proxyBeanMethods = false)
class FetchConfiguration {

    /** Download threads; each origin's own semaphore decides how many hit it at once. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService chunkDownloads() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "chunk-download-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    SessionFetcher sessionFetcher(Origins origins, FetchProperties properties, KafkaTemplate<Object, Object> kafka,
            ExecutorService chunkDownloads, MeterRegistry meters) {
        return new SessionFetcher(new SessionAdmission(origins, properties), new SessionStatusPublisher(kafka, meters),
                kafka, chunkDownloads, meters);
    }
}
