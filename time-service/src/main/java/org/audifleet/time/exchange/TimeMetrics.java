package org.audifleet.time.exchange;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The time service's meters (docs/metrics.md, "Time service"), each registered when the service starts, every drop
 * reason included, so a fresh service shows zeros, not nothing.
 */
final class TimeMetrics {

    private final Counter answered;
    private final Map<Drop, Counter> dropped = new EnumMap<>(Drop.class);

    TimeMetrics(MeterRegistry meters) {
        answered = Counter.builder("audifleet.time.exchanges.answered")
                .description("Time exchange requests answered (one reply datagram each)").register(meters);
        for (Drop drop : Drop.values()) {
            dropped.put(drop, Counter.builder("audifleet.time.datagrams.dropped")
                    .description("Datagrams dropped unanswered, by reason: size (not one 40-byte exchange), format"
                            + " (not an AFTX version 1 exchange), not-a-request (a reply), send-failed")
                    .tag("reason", drop.label).register(meters));
        }
    }

    void answered() {
        answered.increment();
    }

    void dropped(Drop drop) {
        dropped.get(drop).increment();
    }
}
