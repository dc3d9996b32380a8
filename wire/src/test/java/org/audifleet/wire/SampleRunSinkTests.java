package org.audifleet.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class SampleRunSinkTests {

    private static final UUID SESSION = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
    private static final StreamId STREAM = StreamId.parse("XX.DEMO..HHZ");

    @Test
    void aBlockHandsItsSamplesOrItsGapToTheSink() {
        List<String> seen = new ArrayList<>();
        SampleRunSink sink = new SampleRunSink() {
            @Override
            public void appendSamples(int[] counts, int offset, int length) {
                seen.add("samples " + length + " from " + counts[offset]);
            }

            @Override
            public void appendGap(long missingSamples) {
                seen.add("gap " + missingSamples);
            }
        };
        new PcmBlock(SESSION, STREAM, 0, 2, 0, false, PcmBlock.Kind.SAMPLES, 0L, 100.0, 0L, 3, new int[] {7, 8, 9})
                .appendTo(sink);
        PcmBlock.gap(SESSION, STREAM, 1, 2, 0, true, 30_000L, 100.0, 0L, 500).appendTo(sink);
        assertThat(seen).containsExactly("samples 3 from 7", "gap 500");
    }

    @Test
    void partitionOfMatchesKafkasDefaultPartitioner() {
        for (int i = 0; i < 200; i++) {
            String key = UUID.nameUUIDFromBytes(("s" + i).getBytes(StandardCharsets.UTF_8)).toString();
            assertThat(Topics.partitionOf(key, 12))
                    .isEqualTo(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), 12));
        }
    }
}
