package org.audifleet.chunkstore.plan;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.audifleet.chunkstore.ChunkSize;
import org.audifleet.chunkstore.ChunkStoreLayout;
import org.audifleet.chunkstore.DayManifest;
import org.audifleet.chunkstore.InvalidManifestException;
import org.audifleet.chunkstore.SampleGrid;
import org.audifleet.wire.Micros;
import org.audifleet.wire.StreamId;

/**
 * Splits a session window into the store's chunks and places each on its sample grid.
 *
 * <p>Window edges: the session keeps exactly the grid samples whose time {@code t} satisfies
 * {@code start <= t < end}; an edge between two grid samples therefore rounds up to the next one, at
 * both ends. Edges are taken at microsecond precision.
 *
 * <p>Chunks with no kept sample (a window starting in a chunk's last sample period) are left out,
 * so the first planned chunk always contributes samples. A chunk the store has no file for (day
 * without a manifest, slot not listed, slot listed with no samples) or whose file has no samples
 * inside the window comes back with {@code path == null} and one gap over the whole chunk.
 */
public final class ChunkPlanner {

    /** The store's rate, used for days without a manifest when no day of the window has one. */
    public static final double DEFAULT_SAMPLE_RATE = 100.0;

    private static final ChunkSize[] GROWTH = {ChunkSize.SIX_HOURS, ChunkSize.ONE_HOUR};

    private final double fallbackSampleRate;

    public ChunkPlanner() {
        this(DEFAULT_SAMPLE_RATE);
    }

    /** @param fallbackSampleRate rate for days without a manifest when no day of the window has one */
    public ChunkPlanner(double fallbackSampleRate) {
        if (!(fallbackSampleRate > 0) || Double.isInfinite(fallbackSampleRate)) {
            throw new IllegalArgumentException("fallback sample rate must be positive");
        }
        this.fallbackSampleRate = fallbackSampleRate;
    }

    /**
     * @param manifests looks up a day's manifest; called at most once per UTC day the window touches,
     *                  in date order; empty when the day has none
     * @throws IllegalArgumentException  when {@code end} is not after {@code start}
     * @throws InvalidManifestException when a manifest is for another stream or day, or its sample
     *                                  counts contradict its gaps
     */
    public List<PlannedChunk> plan(StreamId stream, Instant start, Instant end, ChunkPolicy policy,
            Function<LocalDate, Optional<DayManifest>> manifests) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(manifests, "manifests");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("window end " + end + " is not after its start " + start);
        }
        long startUs = Micros.of(start);
        long endUs = Micros.of(end);
        ChunkSize fixed = policy instanceof ChunkPolicy.Fixed f ? f.size() : null;
        ChunkSize firstSize = fixed != null ? fixed : ChunkSize.TEN_MINUTES;
        long position = Math.floorDiv(startUs, firstSize.micros()) * firstSize.micros();

        Map<LocalDate, Optional<DayManifest>> days = loadDays(stream, position, endUs, manifests);
        double rateWithoutManifest = days.values().stream().flatMap(Optional::stream)
                .mapToDouble(DayManifest::sampleRate).findFirst().orElse(fallbackSampleRate);

        List<PlannedChunk> planned = new ArrayList<>();
        while (position < endUs) {
            ChunkSize size = fixed != null ? fixed : planned.isEmpty() ? ChunkSize.TEN_MINUTES : grown(position, endUs);
            Optional<DayManifest> manifest = days.get(day(position));
            double rate = manifest.map(DayManifest::sampleRate).orElse(rateWithoutManifest);
            PlannedChunk chunk = place(planned.size(), stream, size, position, rate, startUs, endUs, manifest);
            if (chunk != null) {
                planned.add(chunk);
            }
            position += size.micros();
        }
        return List.copyOf(planned);
    }

    private static Map<LocalDate, Optional<DayManifest>> loadDays(StreamId stream, long fromUs, long endUs,
            Function<LocalDate, Optional<DayManifest>> manifests) {
        Map<LocalDate, Optional<DayManifest>> days = new LinkedHashMap<>();
        for (LocalDate d = day(fromUs); !d.isAfter(day(endUs - 1)); d = d.plusDays(1)) {
            Optional<DayManifest> manifest = Objects.requireNonNullElse(manifests.apply(d), Optional.empty());
            if (manifest.isPresent()) {
                DayManifest m = manifest.get();
                if (!m.stream().equals(stream) || !m.date().equals(d)) {
                    throw new InvalidManifestException("manifest for " + stream + " on " + d + " says it is for "
                            + m.stream() + " on " + m.date());
                }
            }
            days.put(d, manifest);
        }
        return days;
    }

    /** AUTO after the first chunk: the largest size aligned here whose whole chunk the window still needs. */
    private static ChunkSize grown(long position, long endUs) {
        for (ChunkSize size : GROWTH) {
            if (Math.floorMod(position, size.micros()) == 0 && position + size.micros() <= endUs) {
                return size;
            }
        }
        return ChunkSize.TEN_MINUTES;
    }

    private static PlannedChunk place(int index, StreamId stream, ChunkSize size, long chunkStartUs, double rate,
            long startUs, long endUs, Optional<DayManifest> manifest) {
        SampleGrid samples = SampleGrid.of(chunkStartUs, size, rate);
        int grid = samples.samples();
        int skip = (int) samples.indexAtOrAfter(Math.max(startUs, chunkStartUs));
        int stop = (int) Math.min(grid, samples.indexAtOrAfter(Math.min(endUs, chunkStartUs + size.micros())));
        if (stop <= skip) {
            return null;
        }
        Instant chunkStart = Micros.toInstant(chunkStartUs);
        Optional<DayManifest.Chunk> listed = manifest.flatMap(m -> m.chunk(size, chunkStart));
        if (listed.isEmpty() || !listed.get().hasData()) {
            return allMissing(index, size, chunkStartUs, rate, skip, stop, grid);
        }
        DayManifest.Chunk entry = listed.get();
        int[] runs = samples.runs(entry.gaps());
        long missing = 0;
        for (int i = 1; i < runs.length; i += 2) {
            missing += runs[i];
        }
        if (grid - missing != entry.samples()) {
            throw new InvalidManifestException("manifest for " + stream + ": " + size.label() + " chunk at "
                    + chunkStart + " lists " + entry.samples() + " samples, but its gaps leave " + (grid - missing)
                    + " of " + grid + " at " + rate + " Hz");
        }
        if (covered(runs, skip, stop)) {
            return allMissing(index, size, chunkStartUs, rate, skip, stop, grid);
        }
        String path = ChunkStoreLayout.dayDirectory(stream, day(chunkStartUs)) + "/" + entry.file();
        PlannedChunk.Part part = entry.frames() == null ? null
                : FrameParts.part(entry, runs, grid, skip, stop, chunkStartUs, rate);
        return new PlannedChunk(index, size, path, chunkStartUs, rate, skip, stop - skip, runs, entry.samples(),
                part);
    }

    private static PlannedChunk allMissing(int index, ChunkSize size, long chunkStartUs, double rate, int skip,
            int stop, int grid) {
        return new PlannedChunk(index, size, null, chunkStartUs, rate, skip, stop - skip, new int[] {0, grid}, 0);
    }

    private static boolean covered(int[] runs, int from, int to) {
        for (int i = 0; i < runs.length; i += 2) {
            if (runs[i] <= from && from < runs[i] + runs[i + 1]) {
                return to <= runs[i] + runs[i + 1];
            }
        }
        return false;
    }

    private static LocalDate day(long micros) {
        return ChunkStoreLayout.utcDay(Micros.toInstant(micros));
    }
}
