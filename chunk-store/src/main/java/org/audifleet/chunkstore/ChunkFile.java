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
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

import org.audifleet.wire.Micros;
import org.audifleet.wire.SampleRunSink;
import org.audifleet.wire.StreamId;

import com.github.luben.zstd.Zstd;

/**
 * A chunk file of the store, and the one place that knows its format:
 * <ul>
 * <li>its name, {@code NET.STA.LOC.CHA.YYYYMMDDTHHMMSSZ.{size}.i32.zst} ({@link Name});
 * <li>its payload, zstd frames (content size in each header) of Int32 little-endian samples holding only
 * the samples that exist, in time order: one frame ({@link #encode}), or independent frames of a fixed number of
 * samples whose starts the manifest lists ({@link #encodeFrames}, {@link Frames}); a {@link Decoder} streams
 * either back onto the chunk's sample grid;
 * <li>what the day's {@code manifest.json} beside it says about it ({@link #open}: rate, start and gaps).
 * </ul>
 * Callers (the decoder service, {@code bin/decode}, {@code bin/waveform}) hold no format knowledge of their own.
 */
public final class ChunkFile {

    public static final String SUFFIX = ".i32.zst";
    /** What the demo writer and tests compress with; any level decodes. */
    public static final int ZSTD_LEVEL = 3;
    /**
     * The most samples a frame read without its manifest entry may decode to (a 6 h chunk at 388 Hz), so a
     * decompression bomb read on its own costs at most 32 MiB of samples.
     */
    public static final long MAX_UNLISTED_SAMPLES = 1 << 23;

    private static final DateTimeFormatter START =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Optional<Name> name;
    private final Optional<DayManifest.Chunk> listing;
    private final double sampleRate;
    private final long startMicros;
    private final int[] gaps;
    /** Grid samples of the listed chunk, -1 when no manifest entry says. */
    private final long gridSamples;

    private ChunkFile(Optional<Name> name, Optional<DayManifest.Chunk> listing, double sampleRate,
            long startMicros, int[] gaps, long gridSamples) {
        this.name = name;
        this.listing = listing;
        this.sampleRate = sampleRate;
        this.startMicros = startMicros;
        this.gaps = gaps;
        this.gridSamples = gridSamples;
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
            return new ChunkFile(name, Optional.empty(), 0, startMicros, new int[0], -1);
        }
        DayManifest manifest;
        try {
            manifest = DayManifest.parse(Files.readAllBytes(manifestFile));
        } catch (InvalidManifestException e) {
            warnings.accept(manifestFile + ": " + e.getMessage() + ": rate 0, gaps unknown");
            return new ChunkFile(name, Optional.empty(), 0, startMicros, new int[0], -1);
        }
        for (ChunkSize size : ChunkSize.values()) {
            for (DayManifest.Chunk chunk : manifest.chunks(size)) {
                if (fileName.equals(chunk.file())) {
                    long start = Micros.of(chunk.start());
                    int[] gaps;
                    long grid;
                    try {
                        SampleGrid samples = SampleGrid.of(start, size, manifest.sampleRate());
                        gaps = samples.runs(chunk.gaps());
                        grid = samples.samples();
                    } catch (InvalidManifestException e) {
                        warnings.accept(manifestFile + ": " + e.getMessage() + ": gaps unknown");
                        gaps = new int[0];
                        grid = -1;
                    }
                    return new ChunkFile(name, Optional.of(chunk), manifest.sampleRate(), start, gaps, grid);
                }
            }
        }
        warnings.accept(manifestFile + " does not list " + fileName + ": gaps unknown");
        return new ChunkFile(name, Optional.empty(), manifest.sampleRate(), startMicros, new int[0], -1);
    }

    /**
     * Every sample of a chunk file, in order, without looking at its name or manifest: at most
     * {@link #MAX_UNLISTED_SAMPLES}.
     */
    public static int[] readSamples(Path file) throws IOException {
        SampleArray all = new SampleArray();
        Decoded decoded;
        try (InputStream in = Files.newInputStream(file)) {
            decoded = new Decoder().decodeAll(in, new int[0], all);
        }
        Optional<String> fault = decoded.cut().or(decoded::oversize);
        if (fault.isPresent()) {
            throw new IOException(file + ": " + fault.get());
        }
        return all.toArray();
    }

    /** Whether a file's first bytes are a zstd frame, as a chunk file's are. */
    public static boolean startsWithFrame(byte[] head, int length) {
        // zstd frame magic 0xFD2FB528, little-endian
        return length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd;
    }

    /** The payload of a chunk file holding {@code samples[offset, offset + count)}, as one frame. */
    public static byte[] encode(int[] samples, int offset, int count) {
        ByteBuffer raw = ByteBuffer.allocate(count * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asIntBuffer().put(samples, offset, count);
        return Zstd.compress(raw.array(), ZSTD_LEVEL);
    }

    /**
     * The payload of a chunk file holding {@code samples[offset, offset + count)} as independent zstd frames of
     * {@code frameSamples} samples each (the last one shorter), one after the other, and where each frame starts:
     * a reader can start at any frame, so a window inside a large chunk needs only the frames it overlaps. Read
     * whole, the frames decode exactly as one frame of the same samples would.
     */
    public static Encoded encodeFrames(int[] samples, int offset, int count, int frameSamples) {
        if (frameSamples < 1 || count < 1) {
            throw new IllegalArgumentException("frames of " + frameSamples + " samples for " + count + " samples");
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(count);
        java.util.List<Long> offsets = new java.util.ArrayList<>();
        for (int from = 0; from < count; from += frameSamples) {
            offsets.add((long) out.size());
            out.writeBytes(encode(samples, offset + from, Math.min(frameSamples, count - from)));
        }
        return new Encoded(out.toByteArray(), new Frames(frameSamples, offsets));
    }

    /** A chunk file's payload and its frames. */
    public record Encoded(byte[] bytes, Frames frames) {
    }

    /**
     * Where a chunk file's frames start (its {@code frames} entry in {@code manifest.json}): frame {@code k} starts
     * at byte {@code offsets[k]} and holds the stored samples {@code [k * samples, (k + 1) * samples)}, the last
     * frame the rest. A file without this entry is one frame.
     *
     * @param samples stored samples per frame, at least 1
     * @param offsets byte offset of each frame in the file: 0 first, strictly increasing
     */
    public record Frames(int samples, java.util.List<Long> offsets) {

        public Frames {
            offsets = java.util.List.copyOf(offsets);
            if (samples < 1) {
                throw new IllegalArgumentException("frames of " + samples + " samples");
            }
            if (offsets.isEmpty() || offsets.get(0) != 0) {
                throw new IllegalArgumentException("the first frame starts at byte 0, offsets " + offsets);
            }
            for (int i = 1; i < offsets.size(); i++) {
                if (offsets.get(i) <= offsets.get(i - 1)) {
                    throw new IllegalArgumentException("frame offsets must increase, offsets " + offsets);
                }
            }
        }

        /**
         * The frames a reader needs for stored samples {@code [first, end)} of a file of {@code fileBytes}
         * bytes: whole frames, so the bytes start at a frame's first sample.
         */
        public Span span(long first, long end, long fileBytes) {
            int from = (int) Math.min(first / samples, offsets.size() - 1);
            int to = (int) Math.min((end + samples - 1) / samples, offsets.size());
            to = Math.max(to, from + 1);
            return new Span(offsets.get(from), to < offsets.size() ? offsets.get(to) : fileBytes,
                    (long) from * samples, (long) to * samples);
        }
    }

    /**
     * Bytes {@code [firstByte, endByte)} of a chunk file, holding its stored samples from {@code firstSample} up to
     * {@code endSample} (or the file's last sample, when that comes first).
     */
    public record Span(long firstByte, long endByte, long firstSample, long endSample) {
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

    /**
     * Streams the whole payload onto this chunk's grid: samples and gaps, in grid order. With a manifest entry the
     * frame must fill the chunk's grid, no more and no less; without one it may hold up to
     * {@link #MAX_UNLISTED_SAMPLES}.
     */
    public Decoded decode(InputStream payload, SampleRunSink sink) {
        return gridSamples < 0 ? new Decoder().decodeAll(payload, gaps, sink)
                : new Decoder().decode(payload, gaps, 0, gridSamples, gridSamples, sink);
    }

    /**
     * How a decode went: {@code samples} read from the frame (including those before the kept window), why the
     * frame stopped early when it was cut or corrupt, and why it is bigger than its chunk when it declares or
     * holds more samples than the chunk can (reason starting with {@link Decoded#OVERSIZE}).
     */
    public record Decoded(long samples, Optional<String> cut, Optional<String> oversize) {

        /** The name of a frame bigger than its chunk: a decompression bomb, or a file under the wrong name. */
        public static final String OVERSIZE = "decoded-size-exceeds-window";
    }

    /**
     * Streams a payload onto its chunk's sample grid through bounded buffers (32 KiB of samples at a time), so a
     * frame of any claimed size costs the same memory and a window of {@code n} samples decodes at most {@code n},
     * whatever the frame holds. A frame that is cut or corrupt keeps every sample that decoded before the fault; the
     * caller decides what the rest of the window becomes.
     *
     * <p>A frame may hold the chunk's grid minus its gaps, no more. One that declares more in its header is
     * oversize at once; one that does not declare its size is read on past the window to the chunk's end and one
     * sample beyond (zstd itself decodes up to one 128 KiB block ahead), and is oversize if that sample exists.
     * A frame that declares its size within the chunk is not read past the window: zstd refuses to decode more
     * than a frame declares.
     *
     * <p>Not thread-safe. A decoder keeps its decompression context and buffers from one payload to the next, so one
     * kept per thread decodes chunk after chunk without allocating a buffer; a decoder nobody holds any more frees
     * them.
     */
    public static final class Decoder {

        private final FrameReader reader = new FrameReader();

        /**
         * Lays grid positions {@code [0, end)} out: stored samples fill the positions outside {@code gaps}, in
         * order; {@code sink} receives those in {@code [skip, end)} and the gaps there.
         *
         * @param gaps        missing grid runs {@code (offset, length)} flattened, sorted and disjoint
         * @param gridSamples grid samples of the whole chunk ({@code >= end}): with the gaps, what the frame may hold
         * @return cut when the frame holds fewer samples than the window needs, or is corrupt; oversize when it
         *         declares or holds more than the chunk
         */
        public Decoded decode(InputStream payload, int[] gaps, long skip, long end, long gridSamples,
                SampleRunSink sink) {
            reader.begin(payload);
            return decodeGrid(gaps, skip, end, gridSamples, sink);
        }

        /** Like {@link #decode(InputStream, int[], long, long, long, SampleRunSink)} for a payload in memory. */
        public Decoded decode(byte[] payload, int[] gaps, long skip, long end, long gridSamples, SampleRunSink sink) {
            reader.begin(payload);
            return decodeGrid(gaps, skip, end, gridSamples, sink);
        }

        private Decoded decodeGrid(int[] gaps, long skip, long end, long gridSamples, SampleRunSink sink) {
            long stored = present(gaps, gridSamples);
            return run(gaps, skip, end, stored, "the chunk's " + stored + " samples", sink);
        }

        /** Like {@link #decode} for a chunk that ends with the window: {@code gridSamples} is {@code end}. */
        public Decoded decode(InputStream payload, int[] gaps, long skip, long end, SampleRunSink sink) {
            return decode(payload, gaps, skip, end, end, sink);
        }

        /**
         * Like {@link #decode} for the whole frame of a chunk whose grid is not known: its end is the chunk's end,
         * not a cut; more than {@link #MAX_UNLISTED_SAMPLES} is oversize.
         */
        public Decoded decodeAll(InputStream payload, int[] gaps, SampleRunSink sink) {
            reader.begin(payload);
            return run(gaps, 0, Long.MAX_VALUE, MAX_UNLISTED_SAMPLES,
                    "the " + MAX_UNLISTED_SAMPLES + " samples a chunk without a manifest entry may hold", sink);
        }

        /** Grid samples of {@code [0, gridSamples)} outside the gaps. */
        private static long present(int[] gaps, long gridSamples) {
            long missing = 0;
            for (int i = 0; i + 1 < gaps.length; i += 2) {
                missing += Math.max(0, Math.min((long) gaps[i] + gaps[i + 1], gridSamples) - gaps[i]);
            }
            return Math.max(0, gridSamples - missing);
        }

        /** Lays out the payload {@link #reader} has begun. */
        private Decoded run(int[] gaps, long skip, long end, long stored, String limit, SampleRunSink sink) {
            boolean wholeFrame = end == Long.MAX_VALUE;
            long grid = 0;
            long decoded = 0;
            int gap = 0;
            long declared;
            try {
                declared = reader.declaredBytes();
            } catch (IOException e) {
                reader.end();
                return new Decoded(0, Optional.of("corrupt zstd frame: " + e.getMessage()), Optional.empty());
            }
            Optional<String> oversize = declared > stored * Integer.BYTES
                    ? Optional.of(Decoded.OVERSIZE + ": the zstd frame declares " + declared + " bytes ("
                            + declared / Integer.BYTES + " samples), more than " + limit)
                    : Optional.empty();
            try {
                layout:
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
                        if (decoded == stored) {
                            break layout;
                        }
                        int want = (int) Math.min(Math.min(FrameReader.INTS, runEnd - grid), stored - decoded);
                        FrameReader.Read read = reader.readInts(want);
                        int got = read.bytes() / Integer.BYTES;
                        long firstKept = Math.max(grid, skip);
                        if (firstKept < grid + got) {
                            int from = (int) (firstKept - grid);
                            sink.appendSamples(reader.ints(), from, got - from);
                        }
                        grid += got;
                        decoded += got;
                        if (read.fault() != null) {
                            return cut(decoded, "corrupt zstd frame: " + read.fault().getMessage(), oversize);
                        }
                        if (got < want) {
                            if (read.bytes() % Integer.BYTES != 0) {
                                long bytes = decoded * Integer.BYTES + read.bytes() % Integer.BYTES;
                                return cut(decoded, "zstd frame ends inside a sample (" + bytes
                                        + " bytes is not a whole number of Int32 samples)", oversize);
                            }
                            return wholeFrame ? new Decoded(decoded, Optional.empty(), oversize)
                                    : cut(decoded, "zstd frame ended at grid sample " + grid + " but the window needs "
                                            + end, oversize);
                        }
                    }
                }
                if (oversize.isEmpty() && (declared < 0 || wholeFrame)) {
                    OptionalLong at = reader.beyond(decoded, stored);
                    oversize = at.isEmpty() ? Optional.empty() : Optional.of( Decoded.OVERSIZE
                            + ": the zstd frame holds more than " + limit + " (reading stopped at byte "
                            + at.getAsLong() + " of the decompressed stream)");
                }
            } finally {
                // a reused reader would otherwise keep the payload reachable
                reader.end();
            }
            return new Decoded(decoded, Optional.empty(), oversize);
        }

        private static Decoded cut(long decoded, String reason, Optional<String> oversize) {
            return new Decoded(decoded, Optional.of(reason), oversize);
        }
    }
}
