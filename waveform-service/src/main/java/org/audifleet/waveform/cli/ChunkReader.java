package org.audifleet.waveform.cli;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a chunk-store chunk file ({@code *.i32.zst}): one zstd frame of little-endian int32 samples. */
final class ChunkReader {

    private ChunkReader() {
    }

    static Recording read(Path file, double sampleRate, long startMicros) throws IOException {
        byte[] raw;
        try (InputStream in = new ZstdInputStream(Files.newInputStream(file))) {
            raw = in.readAllBytes();
        }
        if (raw.length % 4 != 0) {
            throw new IOException(file + ": " + raw.length + " bytes is not a whole number of int32 samples");
        }
        int[] samples = new int[raw.length / 4];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(samples);
        return new Recording(sampleRate, startMicros, false, List.of(samples));
    }
}
