package org.audifleet.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Every payload's deserializer against arbitrary bytes. The contract (wire/README.md): a reader returns a payload or
 * throws {@link WireFormatException}, nothing else, and allocates no more than the bytes it was given carry. What it
 * returns is a payload its own writer can write, and writing what that reads back gives the same bytes.
 *
 * <p>Plain {@code ./mvnw verify} replays {@code WireFormatFuzzTestsInputs/<method>/}; fuzzing one method and where
 * findings go: CONTRIBUTING.md, "Fuzzing".
 */
class WireFormatFuzzTests {

    @FuzzTest(maxDuration = "10s")
    void playbackRequest(byte[] bytes) {
        PlaybackRequest request = decodeOrNull(bytes, PlaybackRequest::decode);
        if (request != null) {
            assertThat(request.endMicros()).isGreaterThan(request.startMicros());
            assertStable(request.encode(), PlaybackRequest::decode, PlaybackRequest::encode);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void chunkRecord(byte[] bytes) {
        ChunkRecord chunk = decodeOrNull(bytes, ChunkRecord::decode);
        if (chunk != null) {
            assertThat(chunk.payload().length).isLessThanOrEqualTo(bytes.length);
            assertThat(chunk.gaps().length % 2).isZero();
            assertThat((long) chunk.gaps().length * Integer.BYTES).isLessThanOrEqualTo(bytes.length);
            assertThat(chunk.chunkIndex()).isBetween(0, chunk.chunkCount() - 1);
            // The window the decoder fills: grid samples [skip, skip + samples), never a negative count.
            assertThat(chunk.skipSamples()).isNotNegative();
            assertThat(chunk.sampleCount()).isNotNegative();
            assertStable(chunk.encode(), ChunkRecord::decode, ChunkRecord::encode);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void pcmBlock(byte[] bytes) {
        PcmBlock block = decodeOrNull(bytes, PcmBlock::decode);
        if (block != null) {
            assertThat(block.sampleCount()).isNotNegative();
            if (block.kind() == PcmBlock.Kind.SAMPLES) {
                assertThat(block.samples()).hasSize(block.sampleCount());
                assertThat((long) block.sampleCount() * Integer.BYTES).isLessThanOrEqualTo(bytes.length);
            } else {
                assertThat(block.samples()).isEmpty();
            }
            assertStable(block.encode(), PcmBlock::decode, PcmBlock::encode);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void minMaxBlock(byte[] bytes) {
        MinMaxBlock block = decodeOrNull(bytes, MinMaxBlock::decode);
        if (block != null) {
            assertThat(block.mins()).hasSameSizeAs(block.maxs());
            assertThat((long) block.bucketCount() * 8).isLessThanOrEqualTo(bytes.length);
            assertStable(block.encode(), MinMaxBlock::decode, MinMaxBlock::encode);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void playbackControl(byte[] bytes) {
        PlaybackControl control = decodeOrNull(bytes, PlaybackControl::decode);
        if (control != null) {
            assertThat(control.key()).isNotEmpty();
            assertThat(control.key().startsWith(PlaybackControl.GROUP_KEY_PREFIX)).isEqualTo(control.isGroup());
            assertStable(control.encode(), PlaybackControl::decode, PlaybackControl::encode);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void playbackStatus(byte[] bytes) {
        PlaybackStatus status = decodeOrNull(bytes, PlaybackStatus::decode);
        if (status != null) {
            assertStable(status.encode(), PlaybackStatus::decode, PlaybackStatus::encode);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void stationAnnouncement(byte[] bytes) {
        StationAnnouncement announcement = decodeOrNull(bytes, StationAnnouncement::decode);
        if (announcement != null) {
            assertThat(announcement.station()).isNotEmpty();
            assertStable(announcement.encode(), StationAnnouncement::decode, StationAnnouncement::encode);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void timeExchange(byte[] bytes) {
        TimeExchange exchange = decodeOrNull(bytes, TimeExchange::decode);
        if (exchange != null) {
            // Exactly one datagram's worth: the time service never answers anything larger than it was sent.
            assertThat(bytes).hasSize(TimeExchange.SIZE);
            if (exchange.kind() == TimeExchange.Kind.REPLY) {
                assertThat(exchange.t3()).isGreaterThanOrEqualTo(exchange.t2());
            }
            assertStable(exchange.encode(), TimeExchange::decode, TimeExchange::encode);
        }
    }

    /** The decoded payload, or null when the reader refused the bytes the one way it may. */
    private static <T> T decodeOrNull(byte[] bytes, Function<byte[], T> decode) {
        try {
            return decode.apply(bytes);
        } catch (WireFormatException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return null;
        }
    }

    /**
     * What a reader accepted, written again, reads back and writes to the same bytes: nothing the reader let through
     * is lost or changed on the next hop (raw bytes may differ: unknown flag bits, lower-case stream codes).
     */
    private static <T> void assertStable(byte[] written, Function<byte[], T> decode, Function<T, byte[]> encode) {
        byte[] again = encode.apply(decode.apply(written));
        assertThat(Arrays.equals(again, written)).as("written, read and written again").isTrue();
    }
}
