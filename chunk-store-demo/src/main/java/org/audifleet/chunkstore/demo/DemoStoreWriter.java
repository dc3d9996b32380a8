package org.audifleet.chunkstore.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Objects;

import org.audifleet.chunkstore.ChunkFile;
import org.audifleet.chunkstore.ChunkSize;
import org.audifleet.chunkstore.ChunkStoreLayout;
import org.audifleet.chunkstore.DayManifest;
import org.audifleet.wire.Micros;
import org.audifleet.wire.StreamId;

/**
 * Writes a chunk store holding a {@link DemoSeismogram}: every chunk slot of every size that overlaps
 * the time range, and a manifest per day. Immutable; the {@code with}-style methods return a copy.
 *
 * <p>Defaults: stream {@code XX.DEMO..HHZ}, one day from 2024-01-01T00:00Z, and one gap from 42 to 45
 * minutes after the start (so a one-hour session from the start plays through it, along with the
 * earthquake at 00:12 and the tremor's onset at 00:50). Samples outside the range or inside a gap are
 * absent from the files, which is what a gap means in the store.
 *
 * <p>The signal is produced six hours at a time (2.16 M samples) and each block is cut into its 6 h,
 * 1 h and 10 min chunks, so every size holds the very same samples without keeping a day in memory.
 */
public final class DemoStoreWriter {

    public static final StreamId DEFAULT_STREAM = StreamId.parse("XX.DEMO..HHZ");
    public static final Instant DEFAULT_START = Instant.parse("2024-01-01T00:00:00Z");
    public static final Duration DEFAULT_LENGTH = Duration.ofDays(1);
    public static final long DEFAULT_SEED = 20240101L;
    public static final Duration DEFAULT_GAP_OFFSET = Duration.ofMinutes(42);
    public static final Duration DEFAULT_GAP_LENGTH = Duration.ofMinutes(3);

    private static final long SAMPLE_MICROS = Math.round(1_000_000 / DemoSeismogram.SAMPLE_RATE);
    private static final ChunkSize BLOCK = ChunkSize.SIX_HOURS;
    /**
     * Samples per zstd frame of a chunk file (2 min 44 s at 100 Hz, 64 KiB raw): a window inside a 6 h chunk then
     * fetches a few frames around it, not the file up to it (chunk-store/README.md, "Frames").
     */
    public static final int FRAME_SAMPLES = 16_384;

    private final StreamId stream;
    private final Instant start;
    private final Duration length;
    private final long seed;
    /** Null until set: then the default gap, which moves with the start. */
    private final List<DayManifest.Gap> gaps;

    public DemoStoreWriter() {
        this(DEFAULT_STREAM, DEFAULT_START, DEFAULT_LENGTH, DEFAULT_SEED, null);
    }

    private DemoStoreWriter(StreamId stream, Instant start, Duration length, long seed, List<DayManifest.Gap> gaps) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.start = Objects.requireNonNull(start, "start");
        this.length = Objects.requireNonNull(length, "length");
        this.seed = seed;
        this.gaps = gaps == null ? null : List.copyOf(gaps);
        if (Micros.of(start) % SAMPLE_MICROS != 0 || start.getNano() % 1000 != 0) {
            throw new IllegalArgumentException("start " + start + " is not on the 100 Hz sample grid (10 ms steps)");
        }
        if (length.isNegative() || length.isZero() || length.toNanos() % (SAMPLE_MICROS * 1000) != 0) {
            throw new IllegalArgumentException("length " + length + " must be a positive multiple of 10 ms");
        }
    }

    public DemoStoreWriter stream(StreamId stream) {
        return new DemoStoreWriter(stream, start, length, seed, gaps);
    }

    /** First sample of the store; must fall on the 100 Hz grid (whole 10 ms). */
    public DemoStoreWriter start(Instant start) {
        return new DemoStoreWriter(stream, start, length, seed, gaps);
    }

    public DemoStoreWriter length(Duration length) {
        return new DemoStoreWriter(stream, start, length, seed, gaps);
    }

    public DemoStoreWriter seed(long seed) {
        return new DemoStoreWriter(stream, start, length, seed, gaps);
    }

    /** Replaces the default gap: samples in these absolute ranges are left out (empty list: none). */
    public DemoStoreWriter gaps(List<DayManifest.Gap> gaps) {
        return new DemoStoreWriter(stream, start, length, seed, Objects.requireNonNull(gaps, "gaps"));
    }

    public StreamId stream() {
        return stream;
    }

    public Instant start() {
        return start;
    }

    public Instant end() {
        return start.plus(length);
    }

    public List<DayManifest.Gap> gaps() {
        if (gaps != null) {
            return gaps;
        }
        Instant gapStart = start.plus(DEFAULT_GAP_OFFSET);
        Instant gapEnd = gapStart.plus(DEFAULT_GAP_LENGTH);
        return gapStart.isBefore(end()) ? List.of(new DayManifest.Gap(gapStart, gapEnd)) : List.of();
    }

    /** The seismogram this writer stores (a fresh one, positioned at the start). */
    public DemoSeismogram seismogram() {
        return new DemoSeismogram(seed, start);
    }

    /**
     * Writes the store under {@code root} (created if needed; existing files of the same names are
     * replaced). A day's manifest is written after its chunk files, through a rename, so a reader that
     * finds a manifest finds its files.
     *
     * @return the manifests written, in date order
     */
    public List<DayManifest> write(Path root) throws IOException {
        long startUs = Micros.of(start);
        long endUs = Micros.of(end());
        List<DayManifest.Gap> absent = gaps();
        DemoSeismogram signal = seismogram();
        int blockSamples = (int) (BLOCK.micros() / SAMPLE_MICROS);
        int[] samples = new int[blockSamples];
        boolean[] present = new boolean[blockSamples];
        List<DayManifest> written = new ArrayList<>();
        EnumMap<ChunkSize, List<DayManifest.Chunk>> day = emptyDay();

        for (long blockUs = Math.floorDiv(startUs, BLOCK.micros()) * BLOCK.micros(); blockUs < endUs;
                blockUs += BLOCK.micros()) {
            int first = (int) ((Math.max(startUs, blockUs) - blockUs) / SAMPLE_MICROS);
            int stop = (int) ((Math.min(endUs, blockUs + BLOCK.micros()) - blockUs) / SAMPLE_MICROS);
            signal.fill(samples, first, stop - first);
            for (int i = 0; i < blockSamples; i++) {
                present[i] = i >= first && i < stop && !inGap(blockUs + i * SAMPLE_MICROS, absent);
            }
            for (ChunkSize size : ChunkSize.values()) {
                int chunkSamples = (int) (size.micros() / SAMPLE_MICROS);
                for (int offset = 0; offset < blockSamples; offset += chunkSamples) {
                    long chunkUs = blockUs + offset * SAMPLE_MICROS;
                    if (chunkUs < endUs && chunkUs + size.micros() > startUs) {
                        day.get(size).add(writeChunk(root, size, chunkUs, samples, present, offset, chunkSamples));
                    }
                }
            }
            long nextBlockUs = blockUs + BLOCK.micros();
            if (nextBlockUs >= endUs || Math.floorMod(nextBlockUs, ChunkSize.SIX_HOURS.micros() * 4) == 0) {
                LocalDate date = ChunkStoreLayout.utcDay(Micros.toInstant(blockUs));
                DayManifest manifest = new DayManifest(stream, date, DemoSeismogram.SAMPLE_RATE, DayManifest.ENCODING,
                        day);
                writeAtomically(root.resolve(ChunkStoreLayout.manifestPath(stream, date)), manifest.toJson());
                written.add(manifest);
                day = emptyDay();
            }
        }
        return written;
    }

    private DayManifest.Chunk writeChunk(Path root, ChunkSize size, long chunkUs, int[] samples, boolean[] present,
            int offset, int count) throws IOException {
        Instant chunkStart = Micros.toInstant(chunkUs);
        int[] kept = new int[count];
        int stored = 0;
        List<DayManifest.Gap> missing = new ArrayList<>();
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        int runStart = -1;
        for (int i = 0; i < count; i++) {
            if (present[offset + i]) {
                int value = samples[offset + i];
                kept[stored++] = value;
                min = Math.min(min, value);
                max = Math.max(max, value);
                if (runStart >= 0) {
                    missing.add(gap(chunkUs, runStart, i));
                    runStart = -1;
                }
            } else if (runStart < 0) {
                runStart = i;
            }
        }
        if (runStart >= 0) {
            missing.add(gap(chunkUs, runStart, count));
        }
        if (stored == 0) {
            return new DayManifest.Chunk(chunkStart, chunkStart.plus(size.duration()), null, 0, 0, 0, missing, 0);
        }
        ChunkFile.Encoded compressed = ChunkFile.encodeFrames(kept, 0, stored, FRAME_SAMPLES);
        String file = new ChunkFile.Name(stream, chunkStart, size).toString();
        Path target = root.resolve(ChunkStoreLayout.chunkPath(stream, chunkStart, size));
        Files.createDirectories(target.getParent());
        Files.write(target, compressed.bytes());
        return new DayManifest.Chunk(chunkStart, chunkStart.plus(size.duration()), file, stored, min, max, missing,
                compressed.bytes().length, compressed.frames());
    }

    private static DayManifest.Gap gap(long chunkUs, int from, int to) {
        return new DayManifest.Gap(Micros.toInstant(chunkUs + from * SAMPLE_MICROS),
                Micros.toInstant(chunkUs + to * SAMPLE_MICROS));
    }

    private static boolean inGap(long sampleUs, List<DayManifest.Gap> absent) {
        for (DayManifest.Gap gap : absent) {
            if (sampleUs >= Micros.of(gap.start()) && sampleUs < Micros.of(gap.end())) {
                return true;
            }
        }
        return false;
    }

    private static EnumMap<ChunkSize, List<DayManifest.Chunk>> emptyDay() {
        EnumMap<ChunkSize, List<DayManifest.Chunk>> day = new EnumMap<>(ChunkSize.class);
        for (ChunkSize size : ChunkSize.values()) {
            day.put(size, new ArrayList<>());
        }
        return day;
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(temporary, bytes);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
