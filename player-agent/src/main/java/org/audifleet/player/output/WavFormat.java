package org.audifleet.player.output;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The one place that knows the WAV bytes the station writes: a 44-byte header for 16-bit PCM mono, and the
 * samples after it as little-endian 16-bit ({@link Pcm16}). {@link WavFileOutput} patches the sizes when it
 * finishes; {@link WavStreamOutput} cannot seek back, so it writes the streaming sizes.
 */
final class WavFormat {

    static final int HEADER_BYTES = 44;
    /**
     * RIFF and data size of a WAV whose length is not known when the header is written (a pipe): the largest
     * value, which sox and ffmpeg read as "until the end of the stream".
     */
    static final long STREAMING_SIZE = 0xFFFF_FFFFL;
    /** WAV sizes are unsigned 32-bit: ~13.5 h of 44.1 kHz mono audio (about 6000 h of 100 Hz data at 441×). */
    static final long MAX_DATA_BYTES = 0xFFFF_FFFFL - 36;

    private WavFormat() {
    }

    /** Puts the header of {@code dataBytes} of samples into {@code header} (little-endian), flipped for writing. */
    static void header(ByteBuffer header, int sampleRate, long dataBytes) {
        put(header, sampleRate, (int) (36 + dataBytes), (int) dataBytes);
    }

    /** The header of a stream of unknown length: both sizes {@link #STREAMING_SIZE}. */
    static void streamingHeader(ByteBuffer header, int sampleRate) {
        put(header, sampleRate, (int) STREAMING_SIZE, (int) STREAMING_SIZE);
    }

    /** Appends {@code frames} samples as 16-bit little-endian; allocation-free, for the render thread. */
    static void samples(ByteBuffer target, float[] samples, int frames) {
        target.order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            target.putShort((short) Pcm16.toInt16(samples[i]));
        }
    }

    private static void put(ByteBuffer header, int rate, int riffSize, int dataSize) {
        header.clear().order(ByteOrder.LITTLE_ENDIAN);
        header.put((byte) 'R').put((byte) 'I').put((byte) 'F').put((byte) 'F').putInt(riffSize);
        header.put((byte) 'W').put((byte) 'A').put((byte) 'V').put((byte) 'E');
        header.put((byte) 'f').put((byte) 'm').put((byte) 't').put((byte) ' ').putInt(16);
        header.putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2)
                .putShort((short) 16);
        header.put((byte) 'd').put((byte) 'a').put((byte) 't').put((byte) 'a').putInt(dataSize);
        header.flip();
    }
}
