package org.audifleet.waveform.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads 16-bit PCM RIFF/WAVE files (plain or WAVE_FORMAT_EXTENSIBLE), any number of channels. */
final class WavReader {

    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

    private WavReader() {
    }

    static Recording read(Path file, long startMicros) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || b.getInt() != 0x46464952 /* RIFF */) {
            throw new IOException(file + ": not a RIFF file");
        }
        b.getInt();
        if (b.getInt() != 0x45564157 /* WAVE */) {
            throw new IOException(file + ": not a WAVE file");
        }
        int channels = 0;
        int sampleRate = 0;
        while (b.remaining() >= 8) {
            int id = b.getInt();
            long size = Integer.toUnsignedLong(b.getInt());
            int body = b.position();
            // Streamed WAVs may leave the data size unset (0 or 0xFFFFFFFF): take what is there.
            long available = b.remaining();
            if (id == 0x20746d66 /* "fmt " */) {
                int format = Short.toUnsignedInt(b.getShort());
                channels = Short.toUnsignedInt(b.getShort());
                sampleRate = b.getInt();
                b.getInt();
                b.getShort();
                int bits = Short.toUnsignedInt(b.getShort());
                if (format == FORMAT_EXTENSIBLE && size >= 40) {
                    b.position(body + 24);
                    format = Short.toUnsignedInt(b.getShort());
                }
                if (format != FORMAT_PCM || bits != 16) {
                    throw new IOException(file + ": only 16-bit PCM WAV is supported (format " + format + ", "
                            + bits + " bits)");
                }
            } else if (id == 0x61746164 /* "data" */) {
                if (channels == 0) {
                    throw new IOException(file + ": data chunk before fmt chunk");
                }
                long bytes = size == 0 || size > available ? available : size;
                int frames = (int) (bytes / (2L * channels));
                List<int[]> out = new ArrayList<>();
                for (int c = 0; c < channels; c++) {
                    out.add(new int[frames]);
                }
                for (int i = 0; i < frames; i++) {
                    for (int c = 0; c < channels; c++) {
                        out.get(c)[i] = b.getShort();
                    }
                }
                return new Recording(sampleRate, startMicros, true, out);
            }
            long next = body + size + (size & 1);
            if (next > b.limit()) {
                break;
            }
            b.position((int) next);
        }
        throw new IOException(file + ": no data chunk");
    }
}
