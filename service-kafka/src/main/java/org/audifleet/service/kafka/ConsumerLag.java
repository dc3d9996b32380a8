package org.audifleet.service.kafka;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * {@value #METRIC}: records of each listener topic not yet read by this service's consumers, the sum over their
 * assigned partitions of the Kafka client's own per-partition {@code records-lag}. Kafka's
 * {@code records-lag-max} is a windowed maximum that turns NaN once no fetch returns records (an idle fleet);
 * the per-partition value is the lag at the last fetch, and a partition nobody has fetched yet counts 0, so this
 * gauge is a number from the start (registered for every listener's topic before the containers start).
 */
final class ConsumerLag implements ConsumerFactory.Listener<Object, Object>, SmartLifecycle {

    static final String METRIC = "audifleet.consumer.lag";

    private final MeterRegistry meters;
    private final KafkaListenerEndpointRegistry listeners;
    private final Map<String, Consumer<Object, Object>> consumers = new ConcurrentHashMap<>();
    private volatile boolean running;

    ConsumerLag(MeterRegistry meters, KafkaListenerEndpointRegistry listeners) {
        this.meters = meters;
        this.listeners = listeners;
    }

    @Override
    public void consumerAdded(String id, Consumer<Object, Object> consumer) {
        consumers.put(id, consumer);
    }

    @Override
    public void consumerRemoved(String id, Consumer<Object, Object> consumer) {
        consumers.remove(id);
    }

    /** The summed lag of {@code topic}'s partitions over this service's consumers; NaN values count 0. */
    double lag(String topic) {
        // Kafka writes a topic's dots as underscores in its per-partition metric tags.
        String tag = topic.replace('.', '_');
        double sum = 0;
        for (Consumer<Object, Object> consumer : consumers.values()) {
            for (Map.Entry<MetricName, ? extends Metric> e : consumer.metrics().entrySet()) {
                MetricName name = e.getKey();
                if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                        && name.tags().containsKey("partition")
                        && tag.equals(name.tags().getOrDefault("topic", "").replace('.', '_'))
                        && e.getValue().metricValue() instanceof Number n && !Double.isNaN(n.doubleValue())) {
                    sum += n.doubleValue();
                }
            }
        }
        return sum;
    }

    /** Registers one gauge per listener topic; runs before the listener containers start (lower phase). */
    @Override
    public void start() {
        TreeSet<String> topics = new TreeSet<>();
        for (MessageListenerContainer container : listeners.getAllListenerContainers()) {
            String[] names = container.getContainerProperties().getTopics();
            if (names != null) {
                topics.addAll(List.of(names));
            }
        }
        for (String topic : topics) {
            Gauge.builder(METRIC, () -> lag(topic)).description(
                    "records of the topic not yet read by this service's consumers (0 when caught up or idle, never NaN)")
                    .baseUnit("records").tag("topic", topic).strongReference(true).register(meters);
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
