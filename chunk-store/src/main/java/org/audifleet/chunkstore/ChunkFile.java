package org.audifleet.chunkstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import org.audifleet.wire.Micros;
import org.audifleet.wire.SampleRunSink;
import org.audifleet.wire.StreamId;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;

/**
 * A chunk file of the store, and the one place that knows its format:
 * <ul>
 * <li>its name, {@code NET.STA.LOC.CHA.YYYYMMDDTHHMMSSZ.{size}.i32.zst} ({@link Name});
 * <li>its payload, one zstd frame (content size in the header) of Int32 little-endian samples holding only
 * the samples that exist, in time order: {@link #encode} writes it, a {@link Decoder} streams it back onto
 * the chunk's sample grid;
 * <li>what the day's {@code manifest.json} beside it says about it ({@link #open}: rate, start and gaps).
 * </ul>
 * Callers (the decoder service, {@code bin/decode}, {@code bin/waveform}) hold no format knowledge of their own.
 */
public final class ChunkFile {

    public static final String SUFFIX = ".i32.zst";
    /** What the demo writer and tests compress with; any level decodes. */
    public static final int ZSTD_LEVEL = 3;

    private static final DateTimeFormatter START =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Optional<Name> name;
    private final Optional<DayManifest.Chunk> listing;
    private final double sampleRate;
    private final long startMicros;
    private final int[] gaps;

    private ChunkFile(Optional<Name> name, Optional<DayManifest.Chunk> listing, double sampleRate,
            long startMicros, int[] gaps) {
        this.name = name;
        this.listing = listing;
        this.sampleRate = sampleRate;
        this.startMicros = startMicros;
        this.gaps = gaps;
    }

    /** A chunk file name: which stream, which slot. */
    public record Name(StreamId stream, Instant start, ChunkSize size) {

        /** @throws IllegalArgumentException when {@code start} is not a multiple of {@code size} from 00:00 UTC */
        public Name {
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(size, "size");
            if (!size.isAligned(start)) {
                throw new IllegalArgumentException("a " + size.label() + " chunk cannot start at " + start
                        + " (not a multiple of " + size.label() + " from 00:00 UTC)");
            }
        }

        /** The name's parts, or empty when {@code fileName} is not a chunk file name. */
        public static Optional<Name> parse(String fileName) {
            if (fileName == null || !fileName.endsWith(SUFFIX)) {
                return Optional.empty();
            }
            String[] parts = fileName.substring(0, fileName.length() - SUFFIX.length()).split("\\.", -1);
            if (parts.length != 6) {
                return Optional.empty();
            }
            try {
                StreamId stream = StreamId.parse(String.join(".", parts[0], parts[1], parts[2], parts[3]));
                Instant start = LocalDateTime.parse(parts[4], START).toInstant(ZoneOffset.UTC);
                Name name = new Name(stream, start, ChunkSize.parse(parts[5]));
                return name.toString().equals(fileName) ? Optional.of(name) : Optional.empty();
            } catch (IllegalArgumentException | DateTimeParseException e) {
                return Optional.empty();
            }
        }

        /** {@code XX.DEMO..HHZ.20240101T000000Z.10m.i32.zst}. */
        @Override
        public String toString() {
            return stream + "." + START.format(start) + "." + size.label() + SUFFIX;
        }
    }

    /**
     * Reads what the store says about the chunk file at {@code file}: its name and the entry of the
     * {@code manifest.json} beside it. What cannot be known is reported to {@code warnings} and left out:
     * without a manifest the rate is 0 and the gaps are unknown; without a parsable name the stream is unknown.
     */
    public static ChunkFile open(Path file, Consumer<String> warnings) throws IOException {
        String fileName = file.getFileName().toString();
        Optional<Name> name = Name.parse(fileName);
        if (name.isEmpty()) {
            warnings.accept(fileName + " is not named NET.STA.LOC.CHA.YYYYMMDDTHHMMSSZ.SIZE" + SUFFIX
                    + ": no stream or time");
        }
        long startMicros = name.map(n -> Micros.of(n.start())).orElse(0L);
        Path manifestFile = file.toAbsolutePath().resolveSibling(ChunkStoreLayout.MANIFEST_FILE);
        if (!Files.isRegularFile(manifestFile)) {
            warnings.accept("no " + ChunkStoreLayout.MANIFEST_FILE + " beside " + fileName + ": rate 0, gaps unknown");
            return new ChunkFile(name, Optional.empty(), 0, startMicros, new int[0]);
        }
        DayManifest manifest;
        try {
            manifest = DayManifest.parse(Files.readAllBytes(manifestFile));
        } catch (InvalidManifestException e) {
            warnings.accept(manifestFile + ": " + e.getMessage() + ": rate 0, gaps unknown");
            return new ChunkFile(name, Optional.empty(), 0, startMicros, new int[0]);
        }
        for (ChunkSize size : ChunkSize.values()) {
            for (DayManifest.Chunk chunk : manifest.chunks(size)) {
                if (fileName.equals(chunk.file())) {
                    long start = Micros.of(chunk.start());
                    int[] gaps;
                    try {
                        gaps = SampleGrid.of(start, size, manifest.sampleRate()).runs(chunk.gaps());
                    } catch (InvalidManifestException e) {
                        warnings.accept(manifestFile + ": " + e.getMessage() + ": gaps unknown");
                        gaps = new int[0];
                    }
                    return new ChunkFile(name, Optional.of(chunk), manifest.sampleRate(), start, gaps);
                }
            }
        }
        warnings.accept(manifestFile + " does not list " + fileName + ": gaps unknown");
        return new ChunkFile(name, Optional.empty(), manifest.sampleRate(), startMicros, new int[0]);
    }

    /** Every sample of a chunk file, in order, without looking at its name or manifest. */
    public static int[] readSamples(Path file) throws IOException {
        Samples all = new Samples();
        Decoded decoded;
        try (InputStream in = Files.newInputStream(file)) {
            decoded = new Decoder().decodeAll(in, new int[0], all);
        }
        if (decoded.cut().isPresent()) {
            throw new IOException(file + ": " + decoded.cut().get());
        }
        return all.toArray();
    }

    /** Whether a file's first bytes are a zstd frame, as a chunk file's are. */
    public static boolean startsWithFrame(byte[] head, int length) {
        // zstd frame magic 0xFD2FB528, little-endian
        return length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd;
    }

    /** The payload of a chunk file holding {@code samples[offset, offset + count)}. */
    public static byte[] encode(int[] samples, int offset, int count) {
        ByteBuffer raw = ByteBuffer.allocate(count * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asIntBuffer().put(samples, offset, count);
        return Zstd.compress(raw.array(), ZSTD_LEVEL);
    }

    public Optional<Name> name() {
        return name;
    }

    /** The manifest's entry for this file, when the manifest beside it lists it. */
    public Optional<DayManifest.Chunk> listing() {
        return listing;
    }

    /** From the manifest; 0 when there is none. */
    public double sampleRate() {
        return sampleRate;
    }

    /** Grid sample 0, epoch µs: from the manifest's entry, else the name, else 0. */
    public long startMicros() {
        return startMicros;
    }

    /** Missing grid runs {@code (offset, length)} flattened, from the manifest's entry; empty when unknown. */
    public int[] gaps() {
        return gaps.clone();
    }

    /** Streams the whole payload onto this chunk's grid: samples and gaps, in grid order. */
    public Decoded decode(InputStream payload, SampleRunSink sink) {
        return new Decoder().decodeAll(payload, gaps, sink);
    }

    /**
     * How a decode went: {@code samples} read from the frame (including those before the kept window), and
     * why the frame stopped early when it was cut or corrupt.
     */
    public record Decoded(long samples, Optional<String> cut) {
    }

    /**
     * Streams a payload onto its chunk's sample grid through bounded buffers (64 KiB), so a frame of any
     * claimed size costs the same memory and a window of {@code n} samples decodes at most {@code n}, whatever
     * the frame holds. A frame that is cut or corrupt keeps every sample that decoded before the fault; the
     * caller decides what the rest of the window becomes. Not thread-safe; cheap to make.
     */
    public static final class Decoder {

        private static final int READ_BYTES = 64 * 1024;

        private final byte[] bytes = new byte[READ_BYTES];
        private final int[] ints = new int[READ_BYTES / Integer.BYTES];
        private final ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

        /**
         * Lays grid positions {@code [0, end)} out: stored samples fill the positions outside {@code gaps}, in
         * order; {@code sink} receives those in {@code [skip, end)} and the gaps there.
         *
         * @param gaps missing grid runs {@code (offset, length)} flattened, sorted and disjoint
         * @return cut when the frame holds fewer samples than the window needs, or is corrupt
         */
        public Decoded decode(InputStream payload, int[] gaps, long skip, long end, SampleRunSink sink) {
            return run(payload, gaps, skip, end, sink);
        }

        /** Like {@link #decode} for the whole frame: its end is the chunk's end, not a cut. */
        public Decoded decodeAll(InputStream payload, int[] gaps, SampleRunSink sink) {
            return run(payload, gaps, 0, Long.MAX_VALUE, sink);
        }

        private Decoded run(InputStream payload, int[] gaps, long skip, long end, SampleRunSink sink) {
            boolean wholeFrame = end == Long.MAX_VALUE;
            long grid = 0;
            long decoded = 0;
            int gap = 0;
            try (ZstdInputStream in = new ZstdInputStream(payload)) {
                while (grid < end) {
                    long gapStart = gap < gaps.length ? gaps[gap] : Long.MAX_VALUE;
                    if (grid >= gapStart) {
                        long gapEnd = Math.min((long) gaps[gap] + gaps[gap + 1], end);
                        long missing = gapEnd - Math.max(grid, skip);
                        if (missing > 0) {
                            sink.appendGap(missing);
                        }
                        grid = Math.max(grid, gapEnd);
                        gap += 2;
                        continue;
                    }
                    long runEnd = Math.min(gapStart, end);
                    while (grid < runEnd) {
                        int want = (int) Math.min(ints.length, runEnd - grid);
                        Read read = read(in, want * Integer.BYTES);
                        int got = read.bytes / Integer.BYTES;
                        view.clear();
                        view.asIntBuffer().get(ints, 0, got);
                        long firstKept = Math.max(grid, skip);
                        if (firstKept < grid + got) {
                            int from = (int) (firstKept - grid);
                            sink.appendSamples(ints, from, got - from);
                        }
                        grid += got;
                        decoded += got;
                        if (read.fault != null) {
                            return cut(decoded, "corrupt zstd frame: " + read.fault.getMessage());
                        }
                        if (got < want) {
                            if (read.bytes % Integer.BYTES != 0) {
                                return cut(decoded, "zstd frame ends inside a sample (" + (decoded * Integer.BYTES
                                        + read.bytes % Integer.BYTES) + " bytes is not a whole number of Int32 samples)");
                            }
                            return wholeFrame ? new Decoded(decoded, Optional.empty())
                                    : cut(decoded, "zstd frame ended at grid sample " + grid + " but the window needs "
                                            + end);
                        }
                    }
                }
            } catch (IOException e) {
                // Closing a frame that was read to the end cannot fail; anything here is a corrupt frame.
                return cut(decoded, "corrupt zstd frame: " + e.getMessage());
            }
            return new Decoded(decoded, Optional.empty());
        }

        private static Decoded cut(long decoded, String reason) {
            return new Decoded(decoded, Optional.of(reason));
        }

        /** What one read got before the frame ended or failed: the bytes before a fault still count. */
        private record Read(int bytes, IOException fault) {
        }

        private Read read(InputStream in, int wanted) {
            int filled = 0;
            while (filled < wanted) {
                int n;
                try {
                    n = in.read(bytes, filled, wanted - filled);
                } catch (IOException e) {
                    return new Read(filled, e);
                }
                if (n < 0) {
                    break;
                }
                filled += n;
            }
            return new Read(filled, null);
        }
    }

    /** Collects a whole frame's samples, for callers that want them in one array. */
    private static final class Samples implements SampleRunSink {

        private int[] samples = new int[1 << 16];
        private int count;

        @Override
        public void appendSamples(int[] counts, int offset, int length) {
            if (count + length > samples.length) {
                samples = Arrays.copyOf(samples, Math.max(samples.length * 2, count + length));
            }
            System.arraycopy(counts, offset, samples, count, length);
            count += length;
        }

        @Override
        public void appendGap(long missingSamples) {
            // a frame read without its manifest has no gaps
        }

        int[] toArray() {
            return Arrays.copyOf(samples, count);
        }
    }
}
