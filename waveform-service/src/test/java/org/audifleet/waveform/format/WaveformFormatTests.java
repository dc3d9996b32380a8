package org.audifleet.waveform.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.audifleet.waveform.pyramid.Buckets;
import org.junit.jupiter.api.Test;

class WaveformFormatTests {

    private static final int E_MIN = Integer.MAX_VALUE;
    private static final int E_MAX = Integer.MIN_VALUE;

    private static WaveformData twoChannels(int bits) {
        Buckets left = new Buckets(256, 0, new int[] {-1000, E_MIN, -10}, new int[] {2000, E_MAX, 10});
        Buckets right = new Buckets(256, 0, new int[] {-4000, -5, 0}, new int[] {4000, 5, 0});
        return WaveformData.of(List.of(left, right), 100, bits, Scaling.peak(4000, bits));
    }

    @Test
    void datVersion2HeaderFieldsAndSixteenBitData() {
        WaveformData w = twoChannels(16);
        byte[] bytes = DatFormat.toBytes(w);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt()).as("version").isEqualTo(2);
        assertThat(b.getInt()).as("flags").isEqualTo(0);
        assertThat(b.getInt()).as("sample rate").isEqualTo(100);
        assertThat(b.getInt()).as("samples per pixel").isEqualTo(256);
        assertThat(b.getInt()).as("length").isEqualTo(3);
        assertThat(b.getInt()).as("channels").isEqualTo(2);
        assertThat(bytes).hasSize(24 + 3 * 2 * 2 * 2);
        // index 0: channel 0 then channel 1, peak 4000 -> 32767
        assertThat(b.getShort()).isEqualTo((short) -8192);
        assertThat(b.getShort()).isEqualTo((short) 16384);
        assertThat(b.getShort()).isEqualTo((short) -32767);
        assertThat(b.getShort()).isEqualTo((short) 32767);
        // index 1, channel 0 is a gap: 0,0
        assertThat(b.getShort()).isEqualTo((short) 0);
        assertThat(b.getShort()).isEqualTo((short) 0);

        WaveformData back = DatFormat.fromBytes(bytes);
        assertThat(back.sampleRate()).isEqualTo(100);
        assertThat(back.samplesPerPixel()).isEqualTo(256);
        assertThat(back.bits()).isEqualTo(16);
        assertThat(back.channels()).isEqualTo(2);
        assertThat(back.length()).isEqualTo(3);
        assertThat(back.data()).containsExactly(w.data());
    }

    @Test
    void datEightBitSetsFlagAndUsesOneBytePerValue() {
        WaveformData w = twoChannels(8);
        byte[] bytes = DatFormat.toBytes(w);
        assertThat(bytes).hasSize(24 + 3 * 2 * 2);
        assertThat(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(4)).isEqualTo(1);
        assertThat(bytes[24]).isEqualTo((byte) -32); // -1000 * 127 / 4000 = -31.75
        assertThat(bytes[27]).isEqualTo((byte) 127);
        WaveformData back = DatFormat.fromBytes(bytes);
        assertThat(back.bits()).isEqualTo(8);
        assertThat(back.data()).containsExactly(w.data());
    }

    @Test
    void datVersion1IsReadAsMono() {
        ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(1).putInt(1).putInt(44100).putInt(512).putInt(2).put(new byte[] {-3, 4, -5, 6});
        WaveformData w = DatFormat.fromBytes(b.array());
        assertThat(w.channels()).isEqualTo(1);
        assertThat(w.data()).containsExactly(-3, 4, -5, 6);
    }

    @Test
    void truncatedDatIsRejected() {
        byte[] bytes = DatFormat.toBytes(twoChannels(16));
        assertThatThrownBy(() -> DatFormat.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void jsonHasAudiowaveformFieldsAndRoundTrips() {
        for (int bits : new int[] {8, 16}) {
            WaveformData w = twoChannels(bits);
            String json = JsonFormat.toJson(w);
            assertThat(json).startsWith("{\"version\":2,\"channels\":2,\"sample_rate\":100,\"samples_per_pixel\":256,"
                    + "\"bits\":" + bits + ",\"length\":3,\"data\":[");
            WaveformData back = JsonFormat.fromJson(json);
            assertThat(back.channels()).isEqualTo(2);
            assertThat(back.sampleRate()).isEqualTo(100);
            assertThat(back.samplesPerPixel()).isEqualTo(256);
            assertThat(back.bits()).isEqualTo(bits);
            assertThat(back.length()).isEqualTo(3);
            assertThat(back.data()).containsExactly(w.data());
        }
    }

    @Test
    void jsonReaderAcceptsWhitespaceAndAnyFieldOrder() {
        WaveformData w = JsonFormat.fromJson("""
                { "data": [-65, 63, -40, 41], "bits": 8, "length": 2,
                  "samples_per_pixel": 512, "sample_rate": 48000, "channels": 1, "version": 2 }
                """);
        assertThat(w.data()).containsExactly(-65, 63, -40, 41);
        assertThat(w.samplesPerPixel()).isEqualTo(512);
    }

    @Test
    void pcm16ScalingKeepsAudiowaveformSemantics() {
        assertThat(Scaling.pcm16(16).apply(-32768)).isEqualTo(-32768);
        assertThat(Scaling.pcm16(8).apply(-32768)).isEqualTo(-128);
        assertThat(Scaling.pcm16(8).apply(32767)).isEqualTo(127);
        assertThat(Scaling.pcm16(8).apply(-255)).isEqualTo(0);
        assertThat(Scaling.pcm16(8).apply(-256)).isEqualTo(-1);
        assertThat(Scaling.peak(0, 8).apply(5)).isEqualTo(0);
        assertThat(Scaling.peak(2_000_000, 16).apply(-2_000_000)).isEqualTo(-32767);
    }
}
