package org.audifleet.console.session;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.audifleet.wire.BlockSequencer;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.SampleRunSink;

/**
 * One session's samples as its blocks arrive (in any order, duplicates dropped by {@link BlockSequencer}), gaps as
 * silence, and the WAV a person downloads: 16-bit mono at the audified rate, scaled by the session's peak so the
 * loudest sample plays near full scale. Plain Java; {@link SessionWavController} feeds it from audio.pcm.
 */
final class SessionAudio implements SampleRunSink {

    private final BlockSequencer sequencer = new BlockSequencer();
    private final long maxSamples;
    private int[] samples = new int[1 << 16];
    private int length;
    private long peak;
    private double sampleRate;

    SessionAudio(long maxSamples) {
        this.maxSamples = maxSamples;
    }

    void accept(PcmBlock block) {
        for (PcmBlock b : sequencer.accept(block)) {
            sampleRate = b.sampleRate();
            peak = Math.max(peak, b.peakCounts());
            b.appendTo(this);
        }
    }

    boolean complete() {
        return sequencer.complete();
    }

    int samples() {
        return length;
    }

    @Override
    public void appendSamples(int[] counts, int offset, int count) {
        grow(count);
        System.arraycopy(counts, offset, samples, length, count);
        for (int i = 0; i < count; i++) {
            peak = Math.max(peak, Math.abs((long) counts[offset + i]));
        }
        length += count;
    }

    @Override
    public void appendGap(long missing) {
        grow(missing);
        length += (int) missing; // the array is zeros past length: silence
    }

    private void grow(long more) {
        if (length + more > maxSamples) {
            throw new IllegalStateException("the session is over " + maxSamples + " samples, the WAV limit"
                    + " (audifleet.console.wav.max-samples)");
        }
        if (length + more > samples.length) {
            samples = Arrays.copyOf(samples, (int) Math.min(maxSamples, Math.max(length + more, 2L * samples.length)));
        }
    }

    /** The WAV file: RIFF header, then the samples at {@code sampleRate * speed} frames per second. */
    byte[] wav(double speed) {
        int rate = (int) Math.round((sampleRate > 0 ? sampleRate : 100) * speed);
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(36 + 2 * length)
                .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
                .putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(2 * length);
        double scale = peak == 0 ? 0 : 32767.0 / peak;
        for (int i = 0; i < length; i++) {
            b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(samples[i] * scale))));
        }
        return b.array();
    }
}
