package org.audifleet.chunkstore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.audifleet.wire.Micros;

/**
 * The sample grid of one chunk: grid sample {@code i} is at {@code startMicros + i / sampleRate}, and a
 * chunk holds {@code size × rate} of them whether or not they were recorded. Window edges and gap edges map
 * onto it the same way: a time between two grid samples rounds up to the next one (µs precision).
 *
 * @param samples grid samples in the whole chunk
 */
public record SampleGrid(long startMicros, double sampleRate, int samples) {

    public SampleGrid {
        if (!(sampleRate > 0) || Double.isInfinite(sampleRate)) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        if (samples < 0) {
            throw new IllegalArgumentException("a grid cannot have " + samples + " samples");
        }
    }

    /**
     * The grid of the {@code size} chunk starting at {@code startMicros}.
     *
     * @throws InvalidManifestException when the rate does not give a whole number of samples per chunk
     */
    public static SampleGrid of(long startMicros, ChunkSize size, double sampleRate) {
        double exact = size.duration().getSeconds() * sampleRate;
        long rounded = Math.round(exact);
        if (Math.abs(exact - rounded) > 1e-6 || rounded > Integer.MAX_VALUE) {
            throw new InvalidManifestException("sample rate " + sampleRate
                    + " Hz does not give a whole number of samples per " + size.label() + " chunk");
        }
        return new SampleGrid(startMicros, sampleRate, (int) rounded);
    }

    /**
     * Index of the first grid sample at or after {@code micros} (epoch µs), unclipped: negative before the
     * chunk, beyond {@link #samples()} after it. Tolerates the rounding of rates whose sample period is not a
     * whole number of microseconds.
     */
    public long indexAtOrAfter(long micros) {
        double exact = (micros - startMicros) * sampleRate / 1_000_000.0;
        long nearest = Math.round(exact);
        return Math.abs(exact - nearest) < 1e-6 ? nearest : (long) Math.ceil(exact);
    }

    /**
     * Gap time ranges as missing grid runs {@code (offset, length)} flattened, sorted, merged and clipped to
     * the chunk: grid sample {@code i} is missing when its time lies in {@code [gap.start, gap.end)}.
     */
    public int[] runs(List<DayManifest.Gap> gaps) {
        List<long[]> runs = new ArrayList<>(gaps.size());
        for (DayManifest.Gap gap : gaps) {
            long from = Math.max(0, indexAtOrAfter(Micros.of(gap.start())));
            long to = Math.min(samples, indexAtOrAfter(Micros.of(gap.end())));
            if (to > from) {
                runs.add(new long[] {from, to});
            }
        }
        runs.sort(Comparator.comparingLong(r -> r[0]));
        List<long[]> merged = new ArrayList<>(runs.size());
        for (long[] run : runs) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && run[0] <= last[1]) {
                last[1] = Math.max(last[1], run[1]);
            } else {
                merged.add(run);
            }
        }
        int[] flat = new int[merged.size() * 2];
        for (int i = 0; i < merged.size(); i++) {
            flat[2 * i] = (int) merged.get(i)[0];
            flat[2 * i + 1] = (int) (merged.get(i)[1] - merged.get(i)[0]);
        }
        return flat;
    }
}
