package org.audifleet.waveform.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.audifleet.chunkstore.ChunkFile;
import org.audifleet.wire.SampleRunSink;

/**
 * A chunk-store chunk ({@code *.i32.zst}) decoded as a stream at each pass through {@code ChunkFile.Decoder}
 * (the chunk format's owner), never held whole: once at open to count its samples, then once per pass.
 */
record ChunkInput(Path file, double sampleRate, long startMicros, long frames) implements Trace {

    static ChunkInput open(Path file, double sampleRate, long startMicros) throws IOException {
        long[] count = {0};
        decode(file, new SampleRunSink() {
            @Override
            public void appendSamples(int[] counts, int offset, int length) {
                count[0] += length;
            }

            @Override
            public void appendGap(long missing) {
                count[0] += missing;
            }
        });
        return new ChunkInput(file, sampleRate, startMicros, count[0]);
    }

    private static void decode(Path file, SampleRunSink sink) throws IOException {
        ChunkFile.Decoded decoded;
        try (InputStream in = Files.newInputStream(file)) {
            decoded = new ChunkFile.Decoder().decodeAll(in, new int[0], sink);
        }
        Optional<String> fault = decoded.cut().or(decoded::oversize);
        if (fault.isPresent()) {
            throw new IOException(file + ": " + fault.get());
        }
    }

    @Override
    public boolean pcm16() {
        return false;
    }

    @Override
    public int channelCount() {
        return 1;
    }

    @Override
    public List<Recording.Gap> gaps() {
        return List.of();
    }

    @Override
    public void feed(long from, long to, boolean mix, List<? extends SampleRunSink> sinks) throws IOException {
        decode(file, new Window(from, to, sinks.get(0)));
    }
}
