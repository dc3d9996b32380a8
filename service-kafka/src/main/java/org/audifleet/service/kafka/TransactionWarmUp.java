package org.audifleet.service.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Runs one empty transaction as soon as a transactional service is up, so finding the transaction
 * coordinator and getting a producer id (hundreds of ms on a fresh broker) happen before the first
 * session rather than inside its time to first audio. The producer goes back to the factory's cache
 * and the listener container's first transaction reuses it.
 */
class TransactionWarmUp implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(TransactionWarmUp.class);

    private final KafkaTemplate<Object, Object> template;

    TransactionWarmUp(KafkaTemplate<Object, Object> template) {
        this.template = template;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Thread warmUp = new Thread(() -> {
            long start = System.nanoTime();
            try {
                template.executeInTransaction(operations -> null);
                log.info("transactional producer ready in {} ms", (System.nanoTime() - start) / 1_000_000);
            } catch (RuntimeException e) {
                log.warn("transactional producer warm-up failed (the first session will pay for it): {}", e.getMessage());
            }
        }, "kafka-transaction-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }
}
