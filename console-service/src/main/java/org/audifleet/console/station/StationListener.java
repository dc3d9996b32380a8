package org.audifleet.console.station;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.audifleet.wire.StationAnnouncement;
import org.audifleet.wire.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * stations → {@link StationDirectory}. A record that is not an announcement goes to stations-dlt through the
 * container (service-kafka's error handler); a tombstone arrives as a null value.
 */
@Component
class StationListener {

    private final StationDirectory directory;

    StationListener(StationDirectory directory) {
        this.directory = directory;
    }

    @KafkaListener(id = "console-stations", idIsGroup = false, topics = Topics.STATIONS)
    void onAnnouncement(ConsumerRecord<String, StationAnnouncement> record) {
        if (record.key() != null) {
            directory.accept(record.key(), record.value());
        }
    }
}
