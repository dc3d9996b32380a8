package org.audifleet.player.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Streams a 16-bit PCM mono WAV to a stream that cannot seek back ({@code --output wav:-}: stdout, usually a pipe
 * into sox, ffmpeg or aplay), as fast as the engine renders and the reader takes it. The header carries the
 * streaming sizes ({@link WavFormat#STREAMING_SIZE}) because the length is not known when it is written; readers
 * take the samples up to the end of the stream.
 *
 * <p>Samples collect in one buffer of {@link #BUFFER_BYTES} and go out in one write when the next period would not
 * fit, and at {@link #shutdown}. The stream is written directly (not through a {@code BufferedOutputStream},
 * whose methods lock), so the render thread neither allocates nor locks; 8 KB is also the most the JDK's
 * {@code FileOutputStream} writes without a native allocation.
 */
final class WavStreamOutput implements AudioOutput {

    static final int BUFFER_BYTES = 8192;

    private final OutputStream out;
    private final String name;
    private ByteBuffer pending;
    private long dataBytes;
    private boolean open;

    /** {@code name} says where the stream goes, for {@link #describe()}; the stream stays the caller's to close. */
    WavStreamOutput(OutputStream out, String name) {
        this.out = out;
        this.name = name;
    }

    @Override
    public void configure(OutputFormat format) {
        pending = ByteBuffer.allocate(Math.max(BUFFER_BYTES, format.periodFrames() * 2)).order(ByteOrder.LITTLE_ENDIAN);
        dataBytes = 0;
        WavFormat.streamingHeader(pending, format.sampleRate());
        pending.position(pending.limit()).limit(pending.capacity()); // the header is the buffer's first bytes
        open = true;
    }

    @Override
    public void process(float[] samples, int frames) {
        if (pending.remaining() < frames * 2) {
            drain();
        }
        WavFormat.samples(pending, samples, frames);
        dataBytes += frames * 2L;
    }

    @Override
    public void shutdown() {
        if (!open) {
            return;
        }
        open = false;
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("finishing the WAV stream to " + name, e);
        }
    }

    private void drain() {
        try {
            out.write(pending.array(), 0, pending.position());
        } catch (IOException e) {
            throw new UncheckedIOException("writing the WAV stream to " + name, e); // e.g. the reader went away
        }
        pending.clear();
    }

    /** Bytes of sample data written so far (frames × 2), the header not counted. */
    long dataBytes() {
        return dataBytes;
    }

    @Override
    public String describe() {
        return "WAV stream to " + name + " (streaming header: sizes 0xFFFFFFFF)";
    }
}
