package org.audifleet.waveform.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.audifleet.codec.mseed.IntegrityPolicy;
import org.audifleet.codec.mseed.MseedReader;
import org.audifleet.codec.mseed.MseedRecord;
import org.audifleet.codec.mseed.SampleType;
import org.audifleet.wire.SampleRunSink;

/**
 * Reads one stream of a miniSEED 2 or 3 file: the records of the stream in time order, laid on the grid of the
 * first record's start and rate. Where two records do not meet the missing samples become a gap; an overlap
 * drops the later record's overlapping samples (the first copy wins, as in the fleet). Records count as
 * meeting when the next starts within half a sample of where the previous ended (libmseed's default time
 * tolerance).
 *
 * <p>{@link #open} streams: a file whose records of the stream are already in time order (as recorders and
 * FDSN services write them) is read record by record, once to find the stream, its gaps and length and again
 * at each pass; only a file out of order is sorted in memory ({@link #read}).
 */
final class MseedInput {

    private MseedInput() {
    }

    /** The stream read ({@code NET.STA.LOC.CHA}) and its samples. */
    record Stream(String id, Recording recording) {
    }

    /**
     * The stream as a {@link Trace}: streamed from the file if its records are in time order, else read whole.
     *
     * @param stream   {@code NET.STA.LOC.CHA}, or null for the stream of the first record with samples
     * @param warnings where a damaged Steim record is reported (its samples are kept, as libmseed does)
     * @param id       receives the stream's id
     */
    static Trace open(Path file, String stream, Consumer<String> warnings, Consumer<String> id) throws IOException {
        String[] chosen = {stream};
        Layout layout = new Layout();
        Grid[] grid = {null};
        long[] last = {Long.MIN_VALUE};
        boolean[] ordered = {true};
        forEachRecord(file, chosen, warnings, r -> {
            if (grid[0] == null) {
                grid[0] = new Grid(r.sampleRate(), r.startNanos(), layout);
            }
            ordered[0] &= r.startNanos() >= last[0];
            last[0] = r.startNanos();
            if (ordered[0]) {
                grid[0].add(r);
            }
        });
        id.accept(chosen[0]);
        if (!ordered[0]) {
            return read(file, chosen[0], warnings).recording();
        }
        return new Streamed(file, chosen[0], grid[0].rate, grid[0].startNanos, layout.positions, layout.gaps);
    }

    /** The whole stream in memory, records sorted by start time. */
    static Stream read(Path file, String stream, Consumer<String> warnings) throws IOException {
        String[] chosen = {stream};
        List<MseedRecord> records = new ArrayList<>();
        forEachRecord(file, chosen, warnings, records::add);
        records.sort(Comparator.comparingLong(MseedRecord::startNanos));
        MseedRecord first = records.get(0);
        Collected all = new Collected();
        Grid grid = new Grid(first.sampleRate(), first.startNanos(), all);
        for (MseedRecord r : records) {
            grid.add(r);
        }
        return new Stream(chosen[0], new Recording(first.sampleRate(), Math.floorDiv(first.startNanos(), 1000), false,
                List.of(Arrays.copyOf(all.samples, all.length)), all.gaps));
    }

    /**
     * Hands the records with samples of stream {@code chosen[0]} (set to the first such record's stream if null)
     * to {@code handler}, in file order; fails naming the streams there are if it has none.
     */
    private static void forEachRecord(Path file, String[] chosen, Consumer<String> warnings,
            Consumer<MseedRecord> handler) throws IOException {
        List<String> seen = new ArrayList<>();
        boolean[] any = {false};
        MseedReader reader = new MseedReader(IntegrityPolicy.WARN, warnings);
        try (InputStream in = Files.newInputStream(file)) {
            reader.readAll(in, r -> {
                if (!r.hasSamples() || r.type() == SampleType.TEXT || r.sampleRate() <= 0) {
                    return;
                }
                String id = streamId(r);
                if (!seen.contains(id)) {
                    seen.add(id);
                }
                if (chosen[0] == null) {
                    chosen[0] = id;
                }
                if (id.equals(chosen[0])) {
                    any[0] = true;
                    handler.accept(r);
                }
            });
        }
        if (!any[0]) {
            throw new IOException(file + ": no samples" + (chosen[0] == null ? "" : " of stream " + chosen[0])
                    + (seen.isEmpty() ? "" : "; streams with samples: " + String.join(", ", seen)));
        }
    }

    static String streamId(MseedRecord r) {
        return r.network() + "." + r.station() + "." + r.location() + "." + r.channel();
    }

    /** Lays records, in time order, on the grid of the first: a gap before a record that starts late. */
    private static final class Grid {
        private final double rate;
        private final long startNanos;
        private final SampleRunSink sink;
        private long length;

        Grid(double rate, long startNanos, SampleRunSink sink) {
            this.rate = rate;
            this.startNanos = startNanos;
            this.sink = sink;
        }

        void add(MseedRecord r) {
            // Grid position of this record's first sample, relative to the first record.
            long position = Math.round((r.startNanos() - startNanos) * rate / 1e9);
            int[] counts = r.intCounts();
            int skip = 0;
            if (position > length) {
                sink.appendGap(position - length);
                length = position;
            } else if (position < length) {
                skip = (int) Math.min(counts.length, length - position);
            }
            sink.appendSamples(counts, skip, counts.length - skip);
            length += counts.length - skip;
        }
    }

    /** Positions and gaps of a stream, no samples. */
    private static class Layout implements SampleRunSink {
        final List<Recording.Gap> gaps = new ArrayList<>();
        long positions;

        @Override
        public void appendSamples(int[] counts, int offset, int length) {
            positions += length;
        }

        @Override
        public void appendGap(long missing) {
            if (positions + missing > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("stream spans more than 2^31 samples");
            }
            gaps.add(new Recording.Gap((int) positions, (int) missing));
            positions += missing;
        }
    }

    /** Positions, gaps and the samples (zeros in gaps). */
    private static final class Collected extends Layout {
        int[] samples = new int[0];
        int length;

        @Override
        public void appendSamples(int[] counts, int offset, int n) {
            if (positions + n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("stream spans more than 2^31 samples");
            }
            grow((int) positions + n);
            System.arraycopy(counts, offset, samples, (int) positions, n);
            super.appendSamples(counts, offset, n);
            length = (int) positions;
        }

        @Override
        public void appendGap(long missing) {
            super.appendGap(missing);
            grow((int) positions);
            length = (int) positions;
        }

        private void grow(int need) {
            if (need > samples.length) {
                samples = Arrays.copyOf(samples, Math.max(need, samples.length * 2));
            }
        }
    }

    /** A stream whose records are in time order, read from the file at each pass. */
    private record Streamed(Path file, String id, double sampleRate, long startNanos, long frames,
            List<Recording.Gap> gaps) implements Trace {

        @Override
        public long startMicros() {
            return Math.floorDiv(startNanos, 1000);
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
        public void feed(long from, long to, boolean mix, List<? extends SampleRunSink> sinks) throws IOException {
            Window window = new Window(from, to, sinks.get(0));
            Grid grid = new Grid(sampleRate, startNanos, window);
            forEachRecord(file, new String[] {id}, s -> { }, grid::add);
        }
    }
}
