package org.audifleet.waveform.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.audifleet.codec.mseed.IntegrityPolicy;
import org.audifleet.codec.mseed.MseedReader;
import org.audifleet.codec.mseed.MseedRecord;
import org.audifleet.codec.mseed.SampleType;

/**
 * Reads one stream of a miniSEED 2 or 3 file into a {@link Recording}: the records of the stream in time
 * order, laid on the grid of the first record's start and rate. Where two records do not meet the missing
 * samples become a gap; an overlap drops the later record's overlapping samples (the first copy wins, as
 * in the fleet). Records count as meeting when the next starts within half a sample of where the previous
 * ended (libmseed's default time tolerance).
 */
final class MseedInput {

    private MseedInput() {
    }

    /**
     * @param stream  {@code NET.STA.LOC.CHA}, or null for the stream of the first record with samples
     * @param warnings where a damaged Steim record is reported (its samples are kept, as libmseed does)
     */
    static Stream read(Path file, String stream, Consumer<String> warnings) throws IOException {
        List<MseedRecord> records = new ArrayList<>();
        String[] chosen = {stream};
        List<String> seen = new ArrayList<>();
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
                    records.add(r);
                }
            });
        }
        if (records.isEmpty()) {
            throw new IOException(file + ": no samples" + (stream == null ? "" : " of stream " + stream)
                    + (seen.isEmpty() ? "" : "; streams with samples: " + String.join(", ", seen)));
        }
        records.sort(Comparator.comparingLong(MseedRecord::startNanos));
        MseedRecord first = records.get(0);
        double rate = first.sampleRate();
        long startNanos = first.startNanos();
        List<Recording.Gap> gaps = new ArrayList<>();
        int[] samples = new int[0];
        int length = 0;
        for (MseedRecord r : records) {
            // Grid position of this record's first sample, relative to the first record.
            long position = Math.round((r.startNanos() - startNanos) * rate / 1e9);
            int[] counts = r.intCounts();
            int skip = 0;
            if (position > length) {
                if (position > Integer.MAX_VALUE - counts.length) {
                    throw new IOException(file + ": stream spans more than 2^31 samples");
                }
                gaps.add(new Recording.Gap(length, (int) (position - length)));
                length = (int) position;
            } else if (position < length) {
                skip = (int) Math.min(counts.length, length - position);
            }
            int add = counts.length - skip;
            if (length + add > samples.length) {
                samples = java.util.Arrays.copyOf(samples, Math.max(length + add, samples.length * 2));
            }
            System.arraycopy(counts, skip, samples, length, add);
            length += add;
        }
        return new Stream(chosen[0], new Recording(rate, Math.floorDiv(startNanos, 1000), false,
                List.of(java.util.Arrays.copyOf(samples, length)), gaps));
    }

    /** The stream read ({@code NET.STA.LOC.CHA}) and its samples. */
    record Stream(String id, Recording recording) {
    }

    static String streamId(MseedRecord r) {
        return r.network() + "." + r.station() + "." + r.location() + "." + r.channel();
    }
}
