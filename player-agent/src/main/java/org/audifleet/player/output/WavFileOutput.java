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
 * tools that tolerate a zero data size. The bytes are {@link WavFormat}'s; {@link WavStreamOutput} writes the same
 * to a pipe.
 */
public final class WavFileOutput implements AudioOutput {

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
        header = ByteBuffer.allocateDirect(WavFormat.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        dataBytes = 0;
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                java.nio.file.Files.createDirectories(parent);
            }
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
            writeHeader();
            channel.position(WavFormat.HEADER_BYTES); // the header write is positional: samples go after it
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write WAV file " + path, e);
        }
    }

    @Override
    public void process(float[] samples, int frames) {
        if (dataBytes + frames * 2L > WavFormat.MAX_DATA_BYTES) {
            return; // the format cannot address more; the header still describes what was written
        }
        period.clear();
        WavFormat.samples(period, samples, frames);
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
        WavFormat.header(header, format.sampleRate(), dataBytes);
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
