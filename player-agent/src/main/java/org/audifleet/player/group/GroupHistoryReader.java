package org.audifleet.player.group;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.audifleet.player.session.FleetConnection;
import org.audifleet.player.session.FleetException;
import org.audifleet.wire.PlaybackControl;
import org.audifleet.wire.Topics;

/**
 * Reads a group's partition of {@link Topics#PLAYBACK_CONTROLS} back over a bounded history, for a member starting
 * late ({@link GroupHistory} picks what to replay). Every control of a group is keyed {@code group:NAME}, so they are
 * all on the one partition the producer's default partitioner picks for that key.
 */
public final class GroupHistoryReader {

    private GroupHistoryReader() {
    }

    /** The partition {@code group}'s controls are on: the producer's default partitioner (murmur2 of the key). */
    public static int partitionOf(String group, int partitions) {
        byte[] key = PlaybackControl.groupKey(group).getBytes(StandardCharsets.UTF_8);
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /**
     * The group partition's controls with timestamps within {@code history} of now, up to its end at the call, in
     * offset order; leaves the consumer assigned to that partition alone, positioned at that end (so the caller, who
     * assigns everything afterwards, misses nothing sent since). Unreadable records are told to {@code warnings}.
     */
    public static List<PlaybackControl> read(KafkaConsumer<String, byte[]> consumer, TopicPartition partition,
            Duration history, String bootstrap, Duration apiTimeout, Consumer<String> warnings) throws FleetException {
        consumer.assign(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), apiTimeout).get(partition);
        long since = System.currentTimeMillis() - history.toMillis();
        OffsetAndTimestamp from = consumer.offsetsForTimes(Map.of(partition, Math.max(0, since)), apiTimeout)
                .get(partition);
        List<PlaybackControl> read = new ArrayList<>();
        if (from == null || from.offset() >= end) {
            consumer.seek(partition, end);
            return read;
        }
        consumer.seek(partition, from.offset());
        long deadline = System.nanoTime() + apiTimeout.toNanos();
        while (consumer.position(partition) < end) {
            if (System.nanoTime() > deadline) {
                throw FleetConnection.unanswered(bootstrap, apiTimeout, "read back " + partition);
            }
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                if (r.offset() >= end) {
                    continue;
                }
                try {
                    read.add(PlaybackControl.decode(r.value()));
                } catch (RuntimeException e) { // WireFormatException, as the daemon's own loop skips them
                    warnings.accept("skipped record " + r.topic() + "-" + r.partition() + " offset " + r.offset()
                            + " in the group's history, not a PlaybackControl: " + e.getMessage());
                }
            }
        }
        consumer.seek(partition, end);
        return read;
    }
}
