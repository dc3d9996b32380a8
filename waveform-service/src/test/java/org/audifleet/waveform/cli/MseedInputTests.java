package org.audifleet.waveform.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.audifleet.waveform.format.DatFormat;
import org.audifleet.waveform.format.WaveformData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** miniSEED input of the CLI, on libmseed's test files in {@code shared/data/mseed}. */
class MseedInputTests {

    @TempDir
    Path dir;

    private static Path mseed(String name) {
        String shared = System.getProperty("audifleet.shared.dir");
        assumeTrue(shared != null, "skipped: system property audifleet.shared.dir is not set (run through Maven)");
        Path file = Path.of(shared, "data", "mseed", name);
        assumeTrue(Files.isRegularFile(file), "skipped: " + file + " is missing");
        return file;
    }

    private static int[] sine500() throws Exception {
        return Files.readAllLines(mseed("reference-output/sine500-int32.txt")).stream().filter(l -> !l.isBlank())
                .mapToInt(Integer::parseInt).toArray();
    }

    @Test
    void readsEveryRecordOfTheStreamInOrder() throws Exception {
        for (String name : List.of("reference-testdata-int32.mseed2", "reference-testdata-int32.mseed3")) {
            MseedInput.Stream s = MseedInput.read(mseed(name), null, w -> { });
            assertThat(s.id()).isEqualTo("XX.TEST..BHZ");
            assertThat(s.recording().sampleRate()).isEqualTo(40.0);
            assertThat(s.recording().gaps()).isEmpty();
            assertThat(s.recording().channels().get(0)).as(name).containsExactly(sine500());
            assertThat(s.recording().startMicros()).isEqualTo(1_336_780_800_000_000L); // 2012-05-12T00:00:00Z
        }
    }

    @Test
    void aMissingRecordIsAGapOfItsLengthAndItsBucketsAreEmpty() throws Exception {
        // Records of 114, 114, 114, 114, 44 samples (512 bytes each): cut out the third.
        byte[] all = Files.readAllBytes(mseed("reference-testdata-int32.mseed2"));
        byte[] cut = new byte[all.length - 512];
        System.arraycopy(all, 0, cut, 0, 1024);
        System.arraycopy(all, 1536, cut, 1024, all.length - 1536);
        Path file = dir.resolve("cut.mseed");
        Files.write(file, cut);

        Recording rec = MseedInput.read(file, null, w -> { }).recording();
        assertThat(rec.gaps()).containsExactly(new Recording.Gap(228, 114));
        int[] samples = rec.channels().get(0);
        int[] origin = sine500();
        assertThat(samples).hasSize(500);
        assertThat(Arrays.copyOfRange(samples, 0, 228)).containsExactly(Arrays.copyOfRange(origin, 0, 228));
        assertThat(Arrays.copyOfRange(samples, 342, 500)).containsExactly(Arrays.copyOfRange(origin, 342, 500));

        Path dat = dir.resolve("cut.dat");
        StringWriter err = new StringWriter();
        assertThat(WaveformCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "-i",
                file.toString(), "-o", dat.toString(), "-z", "38", "-b", "16")).as("%s", err).isZero();
        assertThat(err.toString()).contains("Stream: XX.TEST..BHZ").contains("Gaps: 1, 114 samples missing");
        WaveformData data = DatFormat.fromBytes(Files.readAllBytes(dat));
        assertThat(data.length()).isEqualTo((500 + 37) / 38);
        long peak = 0;
        for (int i = 0; i < 500; i++) {
            if (i < 228 || i >= 342) {
                peak = Math.max(peak, Math.abs((long) origin[i]));
            }
        }
        for (int b = 0; b < data.length(); b++) {
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            for (int i = b * 38; i < Math.min(500, (b + 1) * 38); i++) {
                if (i < 228 || i >= 342) {
                    lo = Math.min(lo, origin[i]);
                    hi = Math.max(hi, origin[i]);
                }
            }
            if (lo > hi) {
                assertThat(data.min(b, 0)).as("bucket %d inside the gap", b).isZero();
                assertThat(data.max(b, 0)).as("bucket %d inside the gap", b).isZero();
            } else {
                assertThat(data.min(b, 0)).as("min %d", b).isEqualTo((int) Math.round(lo * 32767.0 / peak));
                assertThat(data.max(b, 0)).as("max %d", b).isEqualTo((int) Math.round(hi * 32767.0 / peak));
            }
        }
    }

    @Test
    void streamPicksOneOfSeveral() throws Exception {
        Path file = mseed("reference-testdata-mstlpack.mseed2");
        assertThat(MseedInput.read(file, null, w -> { }).id()).isEqualTo("XX.TEST..BHZ");
        MseedInput.Stream hhz = MseedInput.read(file, "XX.TEST..HHZ", w -> { });
        assertThat(hhz.id()).isEqualTo("XX.TEST..HHZ");
        assertThat(hhz.recording().sampleRate()).isEqualTo(100.0);
        assertThat(hhz.recording().frames()).isEqualTo(500);
    }

    @Test
    void recordsInTimeOrderAreStreamedAndOutOfOrderOnesSortedToTheSameWaveform() throws Exception {
        // Records of 114 samples (512 bytes each): drop the third (a gap), then also swap the first two.
        byte[] all = Files.readAllBytes(mseed("reference-testdata-int32.mseed2"));
        byte[] cut = new byte[all.length - 512];
        System.arraycopy(all, 0, cut, 0, 1024);
        System.arraycopy(all, 1536, cut, 1024, all.length - 1536);
        byte[] swapped = cut.clone();
        System.arraycopy(cut, 512, swapped, 0, 512);
        System.arraycopy(cut, 0, swapped, 512, 512);
        Path inOrder = Files.write(dir.resolve("in-order.mseed"), cut);
        Path outOfOrder = Files.write(dir.resolve("out-of-order.mseed"), swapped);

        Trace streamed = MseedInput.open(inOrder, null, w -> { }, id -> { });
        Trace sorted = MseedInput.open(outOfOrder, null, w -> { }, id -> { });
        assertThat(streamed).isNotInstanceOf(Recording.class);
        assertThat(sorted).isInstanceOf(Recording.class);
        for (Trace t : List.of(streamed, sorted)) {
            assertThat(t.frames()).isEqualTo(500);
            assertThat(t.gaps()).containsExactly(new Recording.Gap(228, 114));
            assertThat(t.startMicros()).isEqualTo(1_336_780_800_000_000L);
        }
        byte[][] dats = new byte[2][];
        for (int k = 0; k < 2; k++) {
            Path in = k == 0 ? inOrder : outOfOrder;
            Path dat = dir.resolve("out" + k + ".dat");
            StringWriter err = new StringWriter();
            assertThat(WaveformCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "-i",
                    in.toString(), "-o", dat.toString(), "-z", "38", "-b", "16", "--detrend", "linear"))
                    .as("%s", err).isZero();
            dats[k] = Files.readAllBytes(dat);
        }
        assertThat(dats[0]).isEqualTo(dats[1]);
    }
}
