package org.audifleet.player.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a 16-bit PCM mono WAV file, as fast as the engine renders. The RIFF and data sizes in the header are
 * written as zero first and patched in {@link #shutdown}, so a file cut short by a crash is still readable by
 * tools that tolerate a zero data size.
 */
public final class WavFileOutput implements AudioOutput {

    static final int HEADER_BYTES = 44;
    /** WAV sizes are unsigned 32-bit: ~13.5 h of 44.1 kHz mono audio (about 6000 h of 100 Hz data at 441×). */
    static final long MAX_DATA_BYTES = 0xFFFF_FFFFL - 36;

    private final Path path;
    private OutputFormat format;
    private FileChannel channel;
    private ByteBuffer period;
    private ByteBuffer header;
    private long dataBytes;

    public WavFileOutput(Path path) {
        this.path = path;
    }

    @Override
    public void configure(OutputFormat format) {
        this.format = format;
        // Direct buffers: FileChannel would otherwise copy a heap buffer through a temporary direct one.
        period = ByteBuffer.allocateDirect(format.periodFrames() * 2).order(ByteOrder.LITTLE_ENDIAN);
        header = ByteBuffer.allocateDirect(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        dataBytes = 0;
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                java.nio.file.Files.createDirectories(parent);
            }
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            writeHeader();
            channel.position(HEADER_BYTES); // the header write is positional: samples go after it
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write WAV file " + path, e);
        }
    }

    @Override
    public void process(float[] samples, int frames) {
        if (dataBytes + frames * 2L > MAX_DATA_BYTES) {
            return; // the format cannot address more; the header still describes what was written
        }
        period.clear();
        for (int i = 0; i < frames; i++) {
            period.putShort((short) Pcm16.toInt16(samples[i]));
        }
        period.flip();
        try {
            while (period.hasRemaining()) {
                channel.write(period);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing WAV file " + path, e);
        }
        dataBytes += frames * 2L;
    }

    @Override
    public void shutdown() {
        if (channel == null) {
            return;
        }
        try {
            writeHeader();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("finishing WAV file " + path, e);
        } finally {
            channel = null;
        }
    }

    private void writeHeader() throws IOException {
        int rate = format.sampleRate();
        header.clear();
        header.put((byte) 'R').put((byte) 'I').put((byte) 'F').put((byte) 'F').putInt((int) (36 + dataBytes));
        header.put((byte) 'W').put((byte) 'A').put((byte) 'V').put((byte) 'E');
        header.put((byte) 'f').put((byte) 'm').put((byte) 't').put((byte) ' ').putInt(16);
        header.putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2)
                .putShort((short) 16);
        header.put((byte) 'd').put((byte) 'a').put((byte) 't').put((byte) 'a').putInt((int) dataBytes);
        header.flip();
        long at = 0;
        while (header.hasRemaining()) {
            at += channel.write(header, at);
        }
    }

    public Path path() {
        return path;
    }

    /** Bytes of sample data written so far (frames × 2). */
    public long dataBytes() {
        return dataBytes;
    }

    @Override
    public String describe() {
        return "WAV file " + path;
    }
}
