package org.audifleet.console.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.Test;

class SessionAudioTests {

    static final UUID SESSION = UUID.randomUUID();
    static final StreamId STREAM = StreamId.parse("XX.DEMO..HHZ");

    static PcmBlock samples(int chunk, int chunks, boolean last, int... counts) {
        return new PcmBlock(SESSION, STREAM, chunk, chunks, 0, last, PcmBlock.Kind.SAMPLES, 0L, 100.0, 0L,
                counts.length, counts);
    }

    @Test
    void blocksInAnyOrderGapsAsSilenceScaledToThePeakAtTheAudifiedRate() {
        SessionAudio audio = new SessionAudio(1000);
        audio.accept(samples(1, 2, true, 50, -100));
        audio.accept(PcmBlock.gap(SESSION, STREAM, 0, 2, 1, true, 0L, 100.0, 0L, 2));
        assertThat(audio.samples()).isZero(); // chunk 0's first block is not there yet
        audio.accept(samples(0, 2, false, 100, 0));
        audio.accept(samples(0, 2, false, 100, 0)); // a duplicate: dropped
        assertThat(audio.complete()).isTrue();
        ByteBuffer wav = ByteBuffer.wrap(audio.wav(441)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(wav.getInt(24)).as("frames per second").isEqualTo(44_100);
        assertThat(wav.getInt(40)).as("data bytes").isEqualTo(12);
        short[] out = new short[6];
        wav.position(44);
        wav.asShortBuffer().get(out);
        assertThat(out).containsExactly((short) 32767, (short) 0, (short) 0, (short) 0, (short) 16384,
                (short) -32767);
    }

    @Test
    void aSessionOverTheLimitIsRefusedWithTheProperty() {
        SessionAudio audio = new SessionAudio(3);
        assertThatThrownBy(() -> audio.accept(samples(0, 1, true, 1, 2, 3, 4)))
                .hasMessageContaining("audifleet.console.wav.max-samples");
    }
}
