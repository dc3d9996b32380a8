package org.audifleet.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BlockSequencerTests {

    private static final UUID SESSION = UUID.randomUUID();
    private static final StreamId STREAM = StreamId.parse("XX.DEMO..HHZ");

    private static PcmBlock block(int chunk, int chunks, int index, boolean last) {
        return new PcmBlock(SESSION, STREAM, chunk, chunks, index, last, PcmBlock.Kind.SAMPLES, 0L, 100.0, 0L, 1,
                new int[] {chunk * 100 + index});
    }

    @Test
    void releasesInOrderDropsDuplicatesAndCompletes() {
        BlockSequencer sequencer = new BlockSequencer();
        List<PcmBlock> out = new ArrayList<>();
        out.addAll(sequencer.accept(block(1, 2, 0, true)));
        assertThat(out).isEmpty();
        assertThat(sequencer.waiting()).isEqualTo(1);
        out.addAll(sequencer.accept(block(0, 2, 0, false)));
        out.addAll(sequencer.accept(block(0, 2, 0, false)));
        out.addAll(sequencer.accept(block(0, 2, 1, true)));
        out.addAll(sequencer.accept(block(1, 2, 0, true)));
        assertThat(out).extracting(b -> b.samples()[0]).containsExactly(0, 1, 100);
        assertThat(sequencer.complete()).isTrue();
        assertThat(sequencer.duplicatesDropped()).isEqualTo(2);
    }
}
