package org.audifleet.waveform.cli;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.audifleet.wire.SampleRunSink;

/**
 * A 16-bit PCM RIFF/WAVE file (plain or WAVE_FORMAT_EXTENSIBLE), any number of channels, streamed: opening
 * reads only the chunk headers, {@link #feed} reads the data in blocks of {@link #BLOCK_FRAMES} frames, so
 * memory does not grow with the file.
 */
final class WavFile implements Trace {

    /** Frames per read: 16 K frames of mono are 32 KiB of file, 64 KiB widened, both within a core's L2. */
    static final int BLOCK_FRAMES = 16 * 1024;

    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

    private final Path file;
    private final int channels;
    private final int sampleRate;
    private final long dataOffset;
    private final long frames;
    private final long startMicros;

    private WavFile(Path file, int channels, int sampleRate, long dataOffset, long frames, long startMicros) {
        this.file = file;
        this.channels = channels;
        this.sampleRate = sampleRate;
        this.dataOffset = dataOffset;
        this.frames = frames;
        this.startMicros = startMicros;
    }

    static WavFile open(Path file, long startMicros) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            ByteBuffer h = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
            if (fileSize < 12 || read(ch, h, 0, 12).getInt() != 0x46464952 /* RIFF */) {
                throw new IOException(file + ": not a RIFF file");
            }
            h.getInt();
            if (h.getInt() != 0x45564157 /* WAVE */) {
                throw new IOException(file + ": not a WAVE file");
            }
            int channels = 0;
            int sampleRate = 0;
            long at = 12;
            while (at + 8 <= fileSize) {
                read(ch, h, at, 8);
                int id = h.getInt();
                long size = Integer.toUnsignedLong(h.getInt());
                long body = at + 8;
                // Streamed WAVs may leave the data size unset (0 or 0xFFFFFFFF): take what is there.
                long available = fileSize - body;
                if (id == 0x20746d66 /* "fmt " */) {
                    read(ch, h, body, (int) Math.min(40, Math.min(size, available)));
                    if (h.remaining() < 16) {
                        throw new IOException(file + ": fmt chunk of " + size + " bytes is too short");
                    }
                    int format = Short.toUnsignedInt(h.getShort());
                    channels = Short.toUnsignedInt(h.getShort());
                    sampleRate = h.getInt();
                    h.getInt();
                    h.getShort();
                    int bits = Short.toUnsignedInt(h.getShort());
                    if (format == FORMAT_EXTENSIBLE && h.limit() >= 26) {
                        format = Short.toUnsignedInt(h.getShort(24));
                    }
                    if (format != FORMAT_PCM || bits != 16) {
                        throw new IOException(file + ": only 16-bit PCM WAV is supported (format " + format + ", "
                                + bits + " bits)");
                    }
                    if (channels == 0 || sampleRate <= 0) {
                        throw new IOException(file + ": fmt chunk says " + channels + " channels at "
                                + sampleRate + " Hz");
                    }
                } else if (id == 0x61746164 /* "data" */) {
                    if (channels == 0) {
                        throw new IOException(file + ": data chunk before fmt chunk");
                    }
                    long bytes = size == 0 || size > available ? available : size;
                    return new WavFile(file, channels, sampleRate, body, bytes / (2L * channels), startMicros);
                }
                at = body + size + (size & 1);
            }
            throw new IOException(file + ": no data chunk");
        }
    }

    private static ByteBuffer read(FileChannel ch, ByteBuffer b, long position, int length) throws IOException {
        b.clear().limit(length);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new EOFException("file ends inside a chunk header");
            }
        }
        return b.flip();
    }

    @Override
    public void feed(long from, long to, boolean mix, List<? extends SampleRunSink> sinks) throws IOException {
        if (from < 0 || to > frames || from > to) {
            throw new IllegalArgumentException("frames [" + from + ", " + to + ") of " + frames);
        }
        int outputs = mix || channels == 1 ? 1 : channels;
        if (sinks.size() != outputs) {
            throw new IllegalArgumentException(sinks.size() + " sinks for " + outputs + " outputs");
        }
        ByteBuffer bytes = ByteBuffer.allocate(BLOCK_FRAMES * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
        short[] interleaved = new short[BLOCK_FRAMES * channels];
        int[][] out = new int[outputs][BLOCK_FRAMES];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long frame = from;
            while (frame < to) {
                int n = (int) Math.min(BLOCK_FRAMES, to - frame);
                read(ch, bytes, dataOffset + frame * channels * 2, n * channels * 2);
                bytes.asShortBuffer().get(interleaved, 0, n * channels);
                if (channels == 1) {
                    widen(interleaved, out[0], n);
                } else if (mix) {
                    mixDown(interleaved, out[0], n, channels);
                } else {
                    for (int c = 0; c < channels; c++) {
                        int[] o = out[c];
                        for (int i = 0, j = c; i < n; i++, j += channels) {
                            o[i] = interleaved[j];
                        }
                    }
                }
                for (int c = 0; c < outputs; c++) {
                    sinks.get(c).appendSamples(out[c], 0, n);
                }
                frame += n;
            }
        }
    }

    private static void widen(short[] in, int[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = in[i];
        }
    }

    private static void mixDown(short[] in, int[] out, int n, int channels) {
        for (int i = 0, j = 0; i < n; i++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += in[j++];
            }
            out[i] = sum / channels;
        }
    }

    @Override
    public double sampleRate() {
        return sampleRate;
    }

    @Override
    public long startMicros() {
        return startMicros;
    }

    @Override
    public boolean pcm16() {
        return true;
    }

    @Override
    public int channelCount() {
        return channels;
    }

    @Override
    public long frames() {
        return frames;
    }

    @Override
    public List<Recording.Gap> gaps() {
        return List.of();
    }
}
