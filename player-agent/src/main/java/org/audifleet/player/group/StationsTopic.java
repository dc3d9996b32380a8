package org.audifleet.player.group;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.audifleet.player.session.FleetConnection;
import org.audifleet.player.session.FleetException;
import org.audifleet.wire.StationAnnouncement;
import org.audifleet.wire.Topics;
import org.audifleet.wire.WireFormatException;

/**
 * The compacted {@link Topics#STATIONS} topic read from its start to its end now: each station's newest
 * announcement, as a console has them (a tombstone takes a station off). What {@code control --group} maps streams
 * to and prints the status of.
 */
public final class StationsTopic {

    private StationsTopic() {
    }

    /**
     * The members of {@code group} now, sorted by station name. A record that is not an announcement is skipped and
     * told to {@code warnings}. Throws FleetException (exit 3 or 4) when the broker or the topic is not there.
     */
    public static List<StationAnnouncement> members(KafkaConsumer<String, byte[]> consumer, String group,
            String bootstrap, Duration apiTimeout, Consumer<String> warnings) throws FleetException {
        List<StationAnnouncement> members = new ArrayList<>();
        for (StationAnnouncement a : newest(consumer, bootstrap, apiTimeout, warnings).values()) {
            if (a.group().equals(group)) {
                members.add(a);
            }
        }
        members.sort(Comparator.comparing(StationAnnouncement::station));
        return members;
    }

    static Map<String, StationAnnouncement> newest(KafkaConsumer<String, byte[]> consumer, String bootstrap,
            Duration apiTimeout, Consumer<String> warnings) throws FleetException {
        List<TopicPartition> partitions = FleetConnection.partitions(consumer, Topics.STATIONS, bootstrap);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, apiTimeout);
        Map<String, StationAnnouncement> newest = new TreeMap<>();
        long deadline = System.nanoTime() + apiTimeout.toNanos();
        while (!reached(consumer, end)) {
            if (System.nanoTime() > deadline) {
                throw FleetConnection.unanswered(bootstrap, apiTimeout, "read " + Topics.STATIONS + " to its end");
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                    continue;
                }
                if (r.value() == null) {
                    newest.remove(r.key());
                    continue;
                }
                try {
                    StationAnnouncement a = StationAnnouncement.decode(r.value());
                    newest.put(a.station(), a);
                } catch (WireFormatException e) {
                    warnings.accept("skipped record " + r.topic() + "-" + r.partition() + " offset " + r.offset()
                            + ", not a StationAnnouncement: " + e.getMessage());
                }
            }
        }
        return newest;
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
