package org.audifleet.decoder.chunk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.audifleet.wire.ChunkHeaders;
import org.audifleet.wire.ChunkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Reads a chunk's earlier fragments again from chunks.raw, for a decoder that gets a fragment without having kept
 * the ones before it (it restarted after committing them, or evicted the chunk). The fetcher names the offset of
 * the chunk's fragment 0 on every later fragment ({@link ChunkHeaders#FIRST_FRAGMENT_OFFSET}); from there on the
 * same partition the fragments of that sending follow in order, among other sessions' records. Rare, so a consumer
 * is made for each replay (assigned, never in the group, commits nothing).
 */
final class FragmentReplay {

    private static final Logger log = LoggerFactory.getLogger(FragmentReplay.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final ConsumerFactory<String, ChunkRecord> consumers;

    FragmentReplay(ConsumerFactory<String, ChunkRecord> consumers) {
        this.consumers = consumers;
    }

    List<byte[]> earlier(ConsumerRecord<String, ChunkRecord> record) {
        ChunkRecord fragment = record.value();
        OptionalLong first = ChunkHeaders.firstFragmentOffset(record.headers());
        if (first.isEmpty() || first.getAsLong() >= record.offset()) {
            throw new IllegalStateException("fragment " + fragment.fragmentIndex() + " of chunk "
                    + fragment.chunkIndex() + " of session " + fragment.sessionId() + " at " + record.topic() + "-"
                    + record.partition() + "@" + record.offset() + " names no earlier offset of its fragment 0");
        }
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        List<byte[]> found = new ArrayList<>(fragment.fragmentIndex());
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        try (Consumer<String, ChunkRecord> consumer = consumers.createConsumer(null, "-fragment-replay")) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, first.getAsLong());
            while (found.size() < fragment.fragmentIndex() && consumer.position(partition) < record.offset()
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, ChunkRecord> r : consumer.poll(POLL)) {
                    ChunkRecord v = r.value();
                    if (r.offset() < record.offset() && v != null && v.sessionId().equals(fragment.sessionId())
                            && v.chunkIndex() == fragment.chunkIndex() && v.fragmentIndex() == found.size()
                            && found.size() < fragment.fragmentIndex()) {
                        found.add(v.payload());
                    }
                }
            }
        }
        log.info("fragment {} of chunk {} of session {} at {}-{}@{}: read {} earlier fragment(s) again from offset {}",
                fragment.fragmentIndex(), fragment.chunkIndex(), fragment.sessionId(), record.topic(),
                record.partition(), record.offset(), found.size(), first.getAsLong());
        return found;
    }
}
