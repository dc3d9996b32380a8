package org.audifleet.player.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.SampleRunSink;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.Test;

class SessionBufferTests {

    @Test
    void keepsEverySampleAddressableAcrossPages() {
        SessionBuffer buffer = new SessionBuffer(300_000);
        int[] block = new int[70_000];
        for (int b = 0; b < 3; b++) {
            for (int i = 0; i < block.length; i++) {
                block[i] = b * block.length + i;
            }
            buffer.appendSamples(block, 0, block.length);
            assertThat(buffer.available()).isEqualTo((b + 1L) * block.length); // all kept
        }
        assertThat(buffer.droppedSamples()).isZero();
        long n = buffer.available();
        assertThat(n).isEqualTo(210_000);
        for (long i = 0; i < n; i += 997) {
            assertThat(buffer.sample(i, n)).isEqualTo((int) i);
        }
        assertThat(buffer.sample(-1, n)).isZero();
        assertThat(buffer.sample(n, n)).isZero();
        assertThat(buffer.memoryBytes()).isEqualTo(4L * SessionBuffer.PAGE_SIZE * 4); // 210,000 → 4 pages
    }

    @Test
    void gapsCostNoPagesMergeWhenAdjacentAndReadAsZero() {
        SessionBuffer buffer = new SessionBuffer(1_000_000);
        buffer.appendSamples(new int[] {5, 6}, 0, 2);
        buffer.appendGap(300_000);
        buffer.appendGap(100);
        buffer.appendSamples(new int[] {7}, 0, 1);
        buffer.appendGap(10);
        assertThat(buffer.gaps()).containsExactly(new SessionBuffer.Gap(2, 300_100), new SessionBuffer.Gap(300_103, 10));
        assertThat(buffer.memoryBytes()).isEqualTo(2L * SessionBuffer.PAGE_SIZE * 4); // first and last page only
        long n = buffer.available();
        assertThat(buffer.sample(1, n)).isEqualTo(6);
        assertThat(buffer.sample(150_000, n)).isZero();
        assertThat(buffer.sample(300_102, n)).isEqualTo(7);
        assertThat(buffer.sample(300_103, n)).isZero();
    }

    @Test
    void dropsWhatIsPastCapacityAndThenIsComplete() {
        SessionBuffer buffer = new SessionBuffer(1000);
        buffer.appendSamples(new int[800], 0, 800);
        assertThat(buffer.available()).isEqualTo(800); // all 800 kept
        assertThat(buffer.droppedSamples()).isZero();
        assertThat(buffer.complete()).isFalse();
        buffer.appendSamples(new int[500], 0, 500);
        assertThat(buffer.available()).isEqualTo(1000); // 200 of 500 kept
        assertThat(buffer.droppedSamples()).isEqualTo(300);
        buffer.appendGap(50);
        assertThat(buffer.available()).isEqualTo(1000); // none of the gap kept
        assertThat(buffer.gaps()).isEmpty();
        assertThat(buffer.droppedSamples()).isEqualTo(350);
        assertThat(buffer.complete()).isTrue();
    }

    @Test
    void takesDecodedBlocksThroughTheSampleRunContract() {
        UUID session = UUID.fromString("00000000-0000-0000-0000-0000000000ab");
        StreamId stream = StreamId.parse("XX.DEMO..HHZ");
        SessionBuffer buffer = new SessionBuffer(1000);
        SampleRunSink sink = buffer;
        new PcmBlock(session, stream, 0, 2, 0, false, PcmBlock.Kind.SAMPLES, 0L, 100.0, 0L, 3, new int[] {7, 8, 9})
                .appendTo(sink);
        PcmBlock.gap(session, stream, 1, 2, 0, true, 30_000L, 100.0, 0L, 500).appendTo(sink);
        long n = buffer.available();
        assertThat(n).isEqualTo(503);
        assertThat(buffer.sample(2, n)).isEqualTo(9);
        assertThat(buffer.sample(3, n)).isZero();
        assertThat(buffer.gaps()).containsExactly(new SessionBuffer.Gap(3, 500));
    }
}
