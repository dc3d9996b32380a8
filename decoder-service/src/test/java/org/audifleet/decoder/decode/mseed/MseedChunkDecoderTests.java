package org.audifleet.decoder.decode.mseed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.audifleet.codec.mseed.MseedReader;
import org.audifleet.codec.mseed.MseedRecord;
import org.audifleet.decoder.decode.ChunkDefect;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.Test;

/** miniSEED chunks from libmseed's test files (shared/data/mseed), decoded onto their chunk grid. */
class MseedChunkDecoderTests {

    private static final long GAP = Long.MIN_VALUE;

    static byte[] shared(String file) throws Exception {
        String dir = System.getProperty("audifleet.shared.dir");
        assumeTrue(dir != null, "skipped: system property audifleet.shared.dir is not set (run through Maven)");
        Path path = Path.of(dir, "data", "mseed", file);
        assumeTrue(Files.isRegularFile(path), "skipped: " + path + " is absent");
        return Files.readAllBytes(path);
    }

    static StreamId streamOf(MseedRecord r) {
        return new StreamId(r.network(), r.station(), r.location(), r.channel());
    }

    static ChunkRecord chunk(StreamId stream, long startMicros, double rate, int skip, int count, byte[] payload) {
        return new ChunkRecord(UUID.randomUUID(), "fdsn-test", stream, 0, 1, ChunkRecord.Kind.DATA,
                ChunkRecord.Encoding.MINISEED, startMicros, rate, skip, count, null, 0L, "http://test/query", payload);
    }

    record Decoded(List<PcmBlock> blocks, Optional<ChunkDefect> defect) {
        /** Blocks expanded onto the kept grid, gaps as GAP markers. */
        long[] grid() {
            return blocks.stream().flatMapToLong(b -> b.kind() == PcmBlock.Kind.GAP
                    ? IntStream.range(0, b.sampleCount()).mapToLong(i -> GAP)
                    : Arrays.stream(b.samples()).asLongStream()).toArray();
        }
    }

    static Decoded decode(ChunkRecord chunk, int blockSamples) {
        List<PcmBlock> out = new ArrayList<>();
        Optional<ChunkDefect> defect = new MseedChunkDecoder(blockSamples).decode(chunk, out::add);
        assertThat(out).extracting(PcmBlock::blockIndex).containsExactlyElementsOf(
                IntStream.range(0, out.size()).boxed().toList());
        assertThat(out.get(out.size() - 1).lastInChunk()).isTrue();
        assertThat(out.subList(0, out.size() - 1)).noneMatch(PcmBlock::lastInChunk);
        return new Decoded(out, defect);
    }

    /** The records' samples concatenated in time order (they are contiguous in the files used). */
    static long[] inTimeOrder(List<MseedRecord> records) {
        return records.stream().sorted(Comparator.comparingLong(MseedRecord::startNanos))
                .flatMapToLong(r -> Arrays.stream(r.intCounts()).asLongStream()).toArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void outOfOrderRecordsOfMixedLengthsPlayInTimeOrder() throws Exception {
        byte[] bytes = shared("testdata-oneseries-mixedlengths-mixedorder.mseed2");
        List<MseedRecord> records = MseedReader.readAll(bytes);
        MseedRecord first = records.stream().min(Comparator.comparingLong(MseedRecord::startNanos)).orElseThrow();
        long[] expected = inTimeOrder(records);
        assertThat(expected).hasSize(3952);
        Decoded d = decode(chunk(streamOf(first), first.startNanos() / 1000, 1.0, 0, 3952, bytes), 1000);
        assertThat(d.defect()).isEmpty();
        assertThat(d.grid()).containsExactly(expected);
        assertThat(d.blocks()).allMatch(b -> b.kind() == PcmBlock.Kind.SAMPLES);
        assertThat(d.blocks().get(1).startMicros()).isEqualTo(first.startNanos() / 1000 + 1000 * 1_000_000L);
    }

    @Test
    void theSameRecordsTwiceAndShuffledPlayOnce() throws Exception {
        byte[] bytes = shared("testdata-oneseries-mixedlengths-mixedorder.mseed3");
        List<MseedRecord> records = MseedReader.readAll(bytes);
        MseedRecord first = records.stream().min(Comparator.comparingLong(MseedRecord::startNanos)).orElseThrow();
        // The file again after itself: every record duplicated, the second copy out of order too.
        Decoded d = decode(chunk(streamOf(first), first.startNanos() / 1000, 1.0, 0, 3952, concat(bytes, bytes)), 4096);
        assertThat(d.defect()).isEmpty();
        assertThat(d.grid()).containsExactly(inTimeOrder(records));
    }

    @Test
    void aMissingRecordIsAGapOfExactlyItsLengthAtItsTime() throws Exception {
        byte[] bytes = shared("reference-testdata-int32.mseed2");
        List<MseedRecord> records = MseedReader.readAll(bytes);
        MseedRecord first = records.get(0);
        // Leave out record 2 (512 bytes at offset 1024): 114 samples at 40 Hz from 00:00:05.700.
        byte[] holed = concat(Arrays.copyOfRange(bytes, 0, 1024), Arrays.copyOfRange(bytes, 1536, bytes.length));
        // A window starting 1 s before the data and ending 2 s after it: gaps at both ends too.
        long start = first.startNanos() / 1000 - 1_000_000;
        Decoded d = decode(chunk(streamOf(first), start, 40.0, 0, 40 + 500 + 80, holed), 64);
        assertThat(d.defect()).isEmpty();
        long[] grid = d.grid();
        long[] all = inTimeOrder(records);
        assertThat(grid).hasSize(620);
        for (int i = 0; i < 620; i++) {
            int s = i - 40;
            boolean missing = s < 0 || s >= 500 || (s >= 228 && s < 342);
            assertThat(grid[i]).as("grid sample %d", i).isEqualTo(missing ? GAP : all[s]);
        }
        PcmBlock hole = d.blocks().stream().filter(b -> b.kind() == PcmBlock.Kind.GAP && b.sampleCount() == 114)
                .findFirst().orElseThrow();
        assertThat(hole.startMicros()).isEqualTo(first.startNanos() / 1000 + 5_700_000);
    }

    @Test
    void keepsOnlyTheWindowOfTheChunk() throws Exception {
        byte[] bytes = shared("reference-testdata-steim2.mseed2");
        List<MseedRecord> records = MseedReader.readAll(bytes);
        long[] all = inTimeOrder(records);
        Decoded d = decode(chunk(streamOf(records.get(0)), records.get(0).startNanos() / 1000, 40.0, 100, 250, bytes),
                4096);
        assertThat(d.grid()).containsExactly(Arrays.copyOfRange(all, 100, 350));
        assertThat(d.blocks().get(0).startMicros()).isEqualTo(records.get(0).startNanos() / 1000 + 2_500_000);
    }

    @Test
    void aCorruptRecordIsADefectAndTheRestOfTheChunkPlays() throws Exception {
        byte[] bytes = shared("reference-testdata-steim2.mseed2");
        List<MseedRecord> records = MseedReader.readAll(bytes);
        long[] all = inTimeOrder(records);
        byte[] damaged = bytes.clone();
        // Record 1 (offset 512, 104 samples from grid 247): break its Steim frames' integration constant Xn.
        damaged[512 + 64 + 8] ^= 0x55;
        Decoded d = decode(chunk(streamOf(records.get(0)), records.get(0).startNanos() / 1000, 40.0, 0, 499, damaged),
                4096);
        assertThat(d.defect()).hasValueSatisfying(defect -> {
            assertThat(defect.reason()).contains("byte offset 512").contains("Steim").contains("http://test/query");
            assertThat(defect.gridOffset()).isEqualTo(247);
        });
        long[] grid = d.grid();
        for (int i = 0; i < 499; i++) {
            assertThat(grid[i]).as("grid sample %d", i).isEqualTo(i >= 247 && i < 351 ? GAP : all[i]);
        }
    }

    @Test
    void aTruncatedLastRecordKeepsTheRecordsBeforeIt() throws Exception {
        byte[] bytes = shared("reference-testdata-int32.mseed2");
        List<MseedRecord> records = MseedReader.readAll(bytes);
        long[] all = inTimeOrder(records);
        Decoded d = decode(chunk(streamOf(records.get(0)), records.get(0).startNanos() / 1000, 40.0, 0, 500,
                Arrays.copyOf(bytes, bytes.length - 100)), 4096);
        assertThat(d.defect()).hasValueSatisfying(defect -> assertThat(defect.reason()).contains("truncated"));
        long[] grid = d.grid();
        assertThat(Arrays.copyOf(grid, 456)).containsExactly(Arrays.copyOf(all, 456));
        assertThat(Arrays.stream(grid, 456, 500).allMatch(v -> v == GAP)).isTrue();
    }

    @Test
    void otherStreamsAreLeftOut() throws Exception {
        byte[] bytes = shared("testdata-3channel-signal.mseed2");
        List<MseedRecord> records = MseedReader.readAll(bytes);
        MseedRecord first = records.get(0);
        List<MseedRecord> mine = records.stream().filter(r -> r.sourceId().equals(first.sourceId())).toList();
        long[] expected = inTimeOrder(mine);
        MseedRecord earliest = mine.stream().min(Comparator.comparingLong(MseedRecord::startNanos)).orElseThrow();
        Decoded d = decode(chunk(streamOf(first), earliest.startNanos() / 1000, 1.0, 0, expected.length, bytes), 4096);
        assertThat(d.defect()).isEmpty();
        assertThat(d.grid()).containsExactly(expected);
    }

    @Test
    void floatSamplesAreRoundedToCounts() throws Exception {
        byte[] bytes = shared("reference-testdata-float32.mseed2");
        List<MseedRecord> records = MseedReader.readAll(bytes);
        float[] floats = new float[500];
        int n = 0;
        for (MseedRecord r : records) {
            System.arraycopy(r.floats(), 0, floats, n, r.sampleCount());
            n += r.sampleCount();
        }
        long[] grid = decode(chunk(streamOf(records.get(0)), records.get(0).startNanos() / 1000, 40.0, 0, 500, bytes),
                4096).grid();
        for (int i = 0; i < 500; i++) {
            assertThat(grid[i]).isEqualTo(Math.round(floats[i]));
        }
    }

    @Test
    void aRateChangeIsADefectAndItsRecordsAreNotPlayed() throws Exception {
        byte[] bytes = shared("reference-testdata-int32.mseed2");
        List<MseedRecord> records = MseedReader.readAll(bytes);
        // The session runs at 100 Hz; these records are 40 Hz.
        Decoded d = decode(chunk(streamOf(records.get(0)), records.get(0).startNanos() / 1000, 100.0, 0, 1250, bytes),
                4096);
        assertThat(d.defect()).hasValueSatisfying(defect -> assertThat(defect.reason()).contains("40.0 Hz")
                .contains("plays at 100.0 Hz"));
        assertThat(d.grid()).hasSize(1250).containsOnly(GAP);
    }

    @Test
    void textRecordsAndGapChunksAreSilence() throws Exception {
        byte[] text = shared("reference-testdata-text.mseed2");
        MseedRecord r = MseedReader.readAll(text).get(0);
        Decoded d = decode(chunk(streamOf(r), r.startNanos() / 1000, 100.0, 0, 300, text), 4096);
        assertThat(d.defect()).isEmpty();
        assertThat(d.grid()).hasSize(300).containsOnly(GAP);
        ChunkRecord gap = new ChunkRecord(UUID.randomUUID(), "fdsn-test", streamOf(r), 0, 1, ChunkRecord.Kind.GAP,
                ChunkRecord.Encoding.MINISEED, 0L, 100.0, 0, 60_000, null, 0L, "test", null);
        assertThat(decode(gap, 4096).blocks()).singleElement()
                .satisfies(b -> assertThat(b.sampleCount()).isEqualTo(60_000));
    }
}
