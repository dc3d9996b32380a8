package org.audifleet.chunkstore.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.audifleet.chunkstore.ChunkSize;
import org.audifleet.chunkstore.ChunkStoreLayout;
import org.audifleet.chunkstore.DayManifest;
import org.audifleet.chunkstore.plan.ChunkPlanner;
import org.audifleet.chunkstore.plan.ChunkPolicy;
import org.audifleet.chunkstore.plan.PlannedChunk;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.github.luben.zstd.Zstd;

class DemoStoreWriterTests {

    private static final StreamId DEMO = DemoStoreWriter.DEFAULT_STREAM;
    private static final LocalDate DAY = LocalDate.of(2024, 1, 1);
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final int GAP_FROM = 42 * 6000;
    private static final int GAP_TO = 45 * 6000;

    @TempDir
    static Path root;
    static List<DayManifest> written;

    @BeforeAll
    static void writeTwoHours() throws IOException {
        written = new DemoStoreWriter().length(Duration.ofHours(2)).write(root);
    }

    @Test
    void writesOneManifestListingEverySlotTheRangeTouches() throws IOException {
        assertThat(written).hasSize(1);
        DayManifest manifest = DayManifest.parse(Files.readAllBytes(root.resolve(ChunkStoreLayout.manifestPath(DEMO, DAY))));
        assertThat(manifest).isEqualTo(written.get(0));
        assertThat(manifest.stream()).isEqualTo(DEMO);
        assertThat(manifest.sampleRate()).isEqualTo(100.0);
        assertThat(manifest.encoding()).isEqualTo("zstd-int32le");
        assertThat(manifest.chunks(ChunkSize.TEN_MINUTES)).hasSize(12);
        assertThat(manifest.chunks(ChunkSize.ONE_HOUR)).hasSize(2);
        assertThat(manifest.chunks(ChunkSize.SIX_HOURS)).hasSize(1);
        assertThat(manifest.chunk(ChunkSize.SIX_HOURS, START).orElseThrow().gaps()).containsExactly(
                gap("2024-01-01T00:42:00Z", "2024-01-01T00:45:00Z"), gap("2024-01-01T02:00:00Z", "2024-01-01T06:00:00Z"));
        assertThat(manifest.chunk(ChunkSize.TEN_MINUTES, Instant.parse("2024-01-01T00:40:00Z")).orElseThrow().gaps())
                .containsExactly(gap("2024-01-01T00:42:00Z", "2024-01-01T00:45:00Z"));
        assertThat(manifest.chunk(ChunkSize.ONE_HOUR, Instant.parse("2024-01-01T01:00:00Z")).orElseThrow().gaps()).isEmpty();
    }

    @Test
    void everySizeDecodesToTheSameSamplesAndTheManifestDescribesThem() throws IOException {
        int[] expected = new int[2 * 360_000];
        new DemoSeismogram(DemoStoreWriter.DEFAULT_SEED, START).fill(expected, 0, expected.length);
        int[] present = IntStream.range(0, expected.length).filter(i -> i < GAP_FROM || i >= GAP_TO)
                .map(i -> expected[i]).toArray();

        DayManifest manifest = written.get(0);
        for (ChunkSize size : ChunkSize.values()) {
            int[] decoded = new int[0];
            for (DayManifest.Chunk chunk : manifest.chunks(size)) {
                Path file = root.resolve(ChunkStoreLayout.dayDirectory(DEMO, DAY)).resolve(chunk.file());
                assertThat(file.toString()).isEqualTo(root.resolve(ChunkStoreLayout.chunkPath(DEMO, chunk.start(), size)).toString());
                byte[] compressed = Files.readAllBytes(file);
                assertThat(compressed.length).as("bytes of %s", chunk.file()).isEqualTo(chunk.bytes());
                int[] samples = decode(compressed);
                assertThat(samples.length).as("samples of %s", chunk.file()).isEqualTo(chunk.samples());
                // Each listed frame starts where the manifest says and declares its share of the samples.
                List<Long> offsets = chunk.frames().offsets();
                assertThat(offsets).hasSize((chunk.samples() + DemoStoreWriter.FRAME_SAMPLES - 1)
                        / DemoStoreWriter.FRAME_SAMPLES);
                for (int k = 0; k < offsets.size(); k++) {
                    int held = Math.min(DemoStoreWriter.FRAME_SAMPLES, chunk.samples() - k * DemoStoreWriter.FRAME_SAMPLES);
                    assertThat(Zstd.getFrameContentSize(compressed, offsets.get(k).intValue(),
                            compressed.length - offsets.get(k).intValue())).as("frame %d of %s", k, chunk.file())
                            .isEqualTo((long) held * Integer.BYTES);
                }
                assertThat(Arrays.stream(samples).min().orElseThrow()).isEqualTo(chunk.min());
                assertThat(Arrays.stream(samples).max().orElseThrow()).isEqualTo(chunk.max());
                decoded = concat(decoded, samples);
            }
            assertThat(decoded).as("all %s chunks", size.label()).isEqualTo(present);
        }
    }

    @Test
    void thePlannerAgreesWithWhatWasWritten() {
        List<PlannedChunk> plan = new ChunkPlanner().plan(DEMO, START, START.plus(Duration.ofHours(2)), ChunkPolicy.AUTO,
                date -> written.stream().filter(m -> m.date().equals(date)).findFirst());
        assertThat(plan).hasSize(7);
        PlannedChunk withGap = plan.get(4);
        assertThat(withGap.start()).isEqualTo(Instant.parse("2024-01-01T00:40:00Z"));
        assertThat(withGap.gaps()).containsExactly(12_000, 18_000);
        assertThat(withGap.presentSamples()).isEqualTo(42_000);
        assertThat(plan).allSatisfy(c -> assertThat(root.resolve(c.path())).isRegularFile());
        assertThat(plan.stream().mapToLong(PlannedChunk::sampleCount).sum()).isEqualTo(720_000);
    }

    @Test
    void emptySlotsAreListedWithoutFiles(@TempDir Path other) throws IOException {
        Instant start = Instant.parse("2024-03-05T23:00:00Z");
        List<DayManifest> days = new DemoStoreWriter().start(start).length(Duration.ofMinutes(90))
                .gaps(List.of(gap("2024-03-05T23:20:00Z", "2024-03-05T23:30:00Z"))).write(other);
        assertThat(days).extracting(DayManifest::date).containsExactly(LocalDate.of(2024, 3, 5), LocalDate.of(2024, 3, 6));
        Optional<DayManifest.Chunk> empty = days.get(0).chunk(ChunkSize.TEN_MINUTES, Instant.parse("2024-03-05T23:20:00Z"));
        assertThat(empty).hasValueSatisfying(chunk -> {
            assertThat(chunk.file()).isNull();
            assertThat(chunk.samples()).isZero();
            assertThat(chunk.bytes()).isZero();
            assertThat(chunk.gaps()).containsExactly(gap("2024-03-05T23:20:00Z", "2024-03-05T23:30:00Z"));
        });
        assertThat(other.resolve(ChunkStoreLayout.chunkPath(DEMO, Instant.parse("2024-03-05T23:20:00Z"),
                ChunkSize.TEN_MINUTES))).doesNotExist();
        // The second day holds 00:00-00:30: its 6 h chunk is mostly gap.
        DayManifest.Chunk sixHours = days.get(1).chunks(ChunkSize.SIX_HOURS).get(0);
        assertThat(sixHours.samples()).isEqualTo(180_000);
        assertThat(sixHours.gaps()).containsExactly(gap("2024-03-06T00:30:00Z", "2024-03-06T06:00:00Z"));
        assertThat(days.get(1).chunks(ChunkSize.TEN_MINUTES)).hasSize(3);
    }

    private static DayManifest.Gap gap(String start, String end) {
        return new DayManifest.Gap(Instant.parse(start), Instant.parse(end));
    }

    /** Every frame, one after the other. */
    private static int[] decode(byte[] compressed) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(new com.github.luben.zstd.ZstdInputStream(
                new java.io.ByteArrayInputStream(compressed)).readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
        int[] samples = new int[bytes.remaining() / Integer.BYTES];
        bytes.asIntBuffer().get(samples);
        return samples;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
