package org.audifleet.chunkstore.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.audifleet.chunkstore.ChunkFile;
import org.audifleet.chunkstore.ChunkSize;
import org.audifleet.chunkstore.DayManifest;
import org.audifleet.chunkstore.InvalidManifestException;
import org.audifleet.wire.Micros;
import org.audifleet.wire.StreamId;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class ChunkPlannerTests {

    private static final StreamId DEMO = StreamId.parse("XX.DEMO..HHZ");
    private static final LocalDate DAY1 = LocalDate.of(2024, 1, 1);
    private static final LocalDate DAY2 = LocalDate.of(2024, 1, 2);
    private static final String FOLDER1 = "2024/01/01/XX/DEMO/--/HHZ/";

    private final ChunkPlanner planner = new ChunkPlanner();

    @Test
    void windowEdgesInsideChunksRoundUpToTheNextGridSample() {
        List<PlannedChunk> plan = plan("2024-01-01T00:10:00.005Z", "2024-01-01T01:30:00.001Z",
                ChunkPolicy.fixed(ChunkSize.ONE_HOUR), fullDays(DAY1));

        assertThat(plan).hasSize(2);
        PlannedChunk first = plan.get(0);
        assertThat(first.index()).isZero();
        assertThat(first.size()).isEqualTo(ChunkSize.ONE_HOUR);
        assertThat(first.path()).isEqualTo(FOLDER1 + "XX.DEMO..HHZ.20240101T000000Z.1h.i32.zst");
        assertThat(first.startMicros()).isEqualTo(micros("2024-01-01T00:00:00Z"));
        assertThat(first.sampleRate()).isEqualTo(100.0);
        // 600.005 s is between grid samples 60000 and 60001: the first kept one is 60001.
        assertThat(first.skipSamples()).isEqualTo(60_001);
        assertThat(first.sampleCount()).isEqualTo(360_000 - 60_001);
        assertThat(first.gaps()).isEmpty();
        assertThat(first.presentSamples()).isEqualTo(360_000);
        PlannedChunk second = plan.get(1);
        assertThat(second.index()).isEqualTo(1);
        assertThat(second.skipSamples()).isZero();
        // 01:30:00.001 is after grid sample 180000 (01:30:00.000), which is kept.
        assertThat(second.sampleCount()).isEqualTo(180_001);
    }

    @Test
    void exactEdgesKeepStartAndDropEnd() {
        List<PlannedChunk> plan = plan("2024-01-01T00:00:00Z", "2024-01-01T00:10:00Z",
                ChunkPolicy.fixed(ChunkSize.TEN_MINUTES), fullDays(DAY1));
        assertThat(plan).singleElement().satisfies(c -> {
            assertThat(c.skipSamples()).isZero();
            assertThat(c.sampleCount()).isEqualTo(60_000);
            assertThat(c.gridSamples()).isEqualTo(60_000);
        });
    }

    @Test
    void eachFixedSizeTilesTheWindow() {
        assertThat(plan("2024-01-01T00:05:00Z", "2024-01-01T00:25:00Z", ChunkPolicy.fixed(ChunkSize.TEN_MINUTES),
                fullDays(DAY1))).extracting(PlannedChunk::start, PlannedChunk::skipSamples, PlannedChunk::sampleCount)
                .containsExactly(tuple("2024-01-01T00:00:00Z", 30_000, 30_000), tuple("2024-01-01T00:10:00Z", 0, 60_000),
                        tuple("2024-01-01T00:20:00Z", 0, 30_000));
        assertThat(plan("2024-01-01T00:30:00Z", "2024-01-01T02:00:00Z", ChunkPolicy.fixed(ChunkSize.ONE_HOUR),
                fullDays(DAY1))).extracting(PlannedChunk::start, PlannedChunk::skipSamples, PlannedChunk::sampleCount)
                .containsExactly(tuple("2024-01-01T00:00:00Z", 180_000, 180_000),
                        tuple("2024-01-01T01:00:00Z", 0, 360_000));
        List<PlannedChunk> sixHours = plan("2024-01-01T05:00:00Z", "2024-01-01T07:00:00Z",
                ChunkPolicy.fixed(ChunkSize.SIX_HOURS), fullDays(DAY1));
        assertThat(sixHours).extracting(PlannedChunk::start, PlannedChunk::skipSamples, PlannedChunk::sampleCount)
                .containsExactly(tuple("2024-01-01T00:00:00Z", 1_800_000, 360_000),
                        tuple("2024-01-01T06:00:00Z", 0, 360_000));
        assertThat(sixHours.get(1).path()).isEqualTo(FOLDER1 + "XX.DEMO..HHZ.20240101T060000Z.6h.i32.zst");
        assertThat(sixHours.get(1).presentSamples()).isEqualTo(2_160_000);
    }

    @Test
    void autoStartsSmallAndGrowsWhenAlignedAndNeeded() {
        List<PlannedChunk> day = plan("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z", ChunkPolicy.AUTO,
                fullDays(DAY1));
        assertThat(day).extracting(PlannedChunk::size).containsExactly(
                ChunkSize.TEN_MINUTES, ChunkSize.TEN_MINUTES, ChunkSize.TEN_MINUTES, ChunkSize.TEN_MINUTES,
                ChunkSize.TEN_MINUTES, ChunkSize.TEN_MINUTES, ChunkSize.ONE_HOUR, ChunkSize.ONE_HOUR,
                ChunkSize.ONE_HOUR, ChunkSize.ONE_HOUR, ChunkSize.ONE_HOUR, ChunkSize.SIX_HOURS, ChunkSize.SIX_HOURS,
                ChunkSize.SIX_HOURS);
        assertThat(day).extracting(PlannedChunk::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
        assertThat(day.stream().mapToLong(PlannedChunk::sampleCount).sum()).isEqualTo(8_640_000);

        // Growth stops where the window no longer covers a whole larger chunk, and steps back down.
        List<PlannedChunk> uneven = plan("2024-01-01T00:03:00Z", "2024-01-01T13:30:00Z", ChunkPolicy.AUTO,
                fullDays(DAY1));
        assertThat(uneven).extracting(c -> c.size().label() + "@" + c.start().toString().substring(11, 16))
                .containsExactly("10m@00:00", "10m@00:10", "10m@00:20", "10m@00:30", "10m@00:40", "10m@00:50",
                        "1h@01:00", "1h@02:00", "1h@03:00", "1h@04:00", "1h@05:00", "6h@06:00", "1h@12:00",
                        "10m@13:00", "10m@13:10", "10m@13:20");
        assertThat(uneven.get(0).skipSamples()).isEqualTo(18_000);
        assertThat(uneven.stream().mapToLong(PlannedChunk::sampleCount).sum()).isEqualTo((13 * 3600 + 27 * 60) * 100L);

        // Even when the start is aligned to 6 h, the first chunk is small.
        assertThat(plan("2024-01-01T06:00:00Z", "2024-01-01T18:00:00Z", ChunkPolicy.AUTO, fullDays(DAY1)))
                .extracting(PlannedChunk::size).startsWith(ChunkSize.TEN_MINUTES);
    }

    @Test
    void windowCrossingMidnightUsesEachDaysManifestAndFolder() {
        List<LocalDate> asked = new ArrayList<>();
        Function<LocalDate, Optional<DayManifest>> days = fullDays(DAY1, DAY2);
        List<PlannedChunk> plan = plan("2024-01-01T23:30:00Z", "2024-01-02T00:30:00Z", ChunkPolicy.AUTO, d -> {
            asked.add(d);
            return days.apply(d);
        });
        assertThat(asked).containsExactly(DAY1, DAY2);
        assertThat(plan).extracting(PlannedChunk::path).containsExactly(
                FOLDER1 + "XX.DEMO..HHZ.20240101T233000Z.10m.i32.zst",
                FOLDER1 + "XX.DEMO..HHZ.20240101T234000Z.10m.i32.zst",
                FOLDER1 + "XX.DEMO..HHZ.20240101T235000Z.10m.i32.zst",
                "2024/01/02/XX/DEMO/--/HHZ/XX.DEMO..HHZ.20240102T000000Z.10m.i32.zst",
                "2024/01/02/XX/DEMO/--/HHZ/XX.DEMO..HHZ.20240102T001000Z.10m.i32.zst",
                "2024/01/02/XX/DEMO/--/HHZ/XX.DEMO..HHZ.20240102T002000Z.10m.i32.zst");

        List<PlannedChunk> hours = plan("2024-01-01T22:00:00Z", "2024-01-02T03:00:00Z",
                ChunkPolicy.fixed(ChunkSize.SIX_HOURS), days);
        assertThat(hours).extracting(PlannedChunk::start, PlannedChunk::skipSamples, PlannedChunk::sampleCount)
                .containsExactly(tuple("2024-01-01T18:00:00Z", 1_440_000, 720_000),
                        tuple("2024-01-02T00:00:00Z", 0, 1_080_000));
    }

    @Test
    void dayWithoutManifestIsAllGap() {
        List<PlannedChunk> plan = plan("2024-01-01T23:50:00Z", "2024-01-02T00:20:00Z",
                ChunkPolicy.fixed(ChunkSize.TEN_MINUTES), fullDays(DAY1));
        assertThat(plan).hasSize(3);
        assertThat(plan.get(0).hasData()).isTrue();
        for (PlannedChunk missing : plan.subList(1, 3)) {
            assertThat(missing.path()).isNull();
            assertThat(missing.hasData()).isFalse();
            assertThat(missing.gaps()).containsExactly(0, 60_000);
            assertThat(missing.presentSamples()).isZero();
            assertThat(missing.sampleCount()).isEqualTo(60_000);
            assertThat(missing.sampleRate()).isEqualTo(100.0);
        }

        // No manifest anywhere: the whole window is gap at the store's default rate.
        assertThat(plan("2024-01-01T00:00:00Z", "2024-01-01T00:05:00Z", ChunkPolicy.AUTO, d -> Optional.empty()))
                .singleElement().satisfies(c -> {
                    assertThat(c.path()).isNull();
                    assertThat(c.sampleCount()).isEqualTo(30_000);
                    assertThat(c.gaps()).containsExactly(0, 60_000);
                });
    }

    @Test
    void gapsInsideAChunkBecomeGridRunsFromItsStart() {
        Function<LocalDate, Optional<DayManifest>> days = fullDays(DAY1, chunk -> chunk.start()
                .equals(Instant.parse("2024-01-01T00:40:00Z")) && chunk.end().equals(Instant.parse("2024-01-01T00:50:00Z"))
                        ? withGaps(chunk, "2024-01-01T00:42:00Z", "2024-01-01T00:45:00Z",
                                "2024-01-01T00:47:00.005Z", "2024-01-01T00:47:01Z")
                        : chunk);
        PlannedChunk chunk = plan("2024-01-01T00:40:30Z", "2024-01-01T00:50:00Z",
                ChunkPolicy.fixed(ChunkSize.TEN_MINUTES), days).get(0);
        // 00:47:00.005 lies between grid samples 42000 and 42001; the first missing one is 42001.
        assertThat(chunk.gaps()).containsExactly(12_000, 18_000, 42_001, 99);
        assertThat(chunk.presentSamples()).isEqualTo(60_000 - 18_000 - 99);
        assertThat(chunk.skipSamples()).isEqualTo(3_000);
        assertThat(chunk.sampleCount()).isEqualTo(57_000);
        assertThat(chunk.hasData()).isTrue();

        // A window that lies wholly inside a gap needs nothing from the file.
        PlannedChunk insideGap = plan("2024-01-01T00:42:30Z", "2024-01-01T00:44:00Z",
                ChunkPolicy.fixed(ChunkSize.TEN_MINUTES), days).get(0);
        assertThat(insideGap.path()).isNull();
        assertThat(insideGap.gaps()).containsExactly(0, 60_000);
        assertThat(insideGap.skipSamples()).isEqualTo(15_000);
        assertThat(insideGap.sampleCount()).isEqualTo(9_000);
    }

    @Test
    void missingAndListedEmptyChunksAreWholeGaps() {
        Instant missing = Instant.parse("2024-01-01T00:10:00Z");
        Instant empty = Instant.parse("2024-01-01T00:20:00Z");
        Function<LocalDate, Optional<DayManifest>> days = fullDays(DAY1, chunk -> {
            if (chunk.start().equals(missing) && chunk.end().equals(Instant.parse("2024-01-01T00:20:00Z"))) {
                return null;
            }
            if (chunk.start().equals(empty) && chunk.end().equals(Instant.parse("2024-01-01T00:30:00Z"))) {
                return new DayManifest.Chunk(chunk.start(), chunk.end(), null, 0, 0, 0,
                        List.of(new DayManifest.Gap(chunk.start(), chunk.end())), 0);
            }
            return chunk;
        });
        List<PlannedChunk> plan = plan("2024-01-01T00:00:00Z", "2024-01-01T00:30:00Z",
                ChunkPolicy.fixed(ChunkSize.TEN_MINUTES), days);
        assertThat(plan).extracting(PlannedChunk::hasData).containsExactly(true, false, false);
        for (PlannedChunk gap : plan.subList(1, 3)) {
            assertThat(gap.gaps()).containsExactly(0, 60_000);
            assertThat(gap.sampleCount()).isEqualTo(60_000);
            assertThat(gap.presentSamples()).isZero();
        }
    }

    @Test
    void chunkWithoutKeptSamplesIsLeftOutAndAutoStillStartsSmall() {
        // 00:59:59.995 is after the first hour's last grid sample (00:59:59.990).
        List<PlannedChunk> plan = plan("2024-01-01T00:59:59.995Z", "2024-01-01T08:00:00Z", ChunkPolicy.AUTO,
                fullDays(DAY1));
        assertThat(plan.get(0).start()).isEqualTo(Instant.parse("2024-01-01T01:00:00Z"));
        assertThat(plan.get(0).size()).isEqualTo(ChunkSize.TEN_MINUTES);
        assertThat(plan.get(0).index()).isZero();
        assertThat(plan.get(0).skipSamples()).isZero();
    }

    @Test
    void rejectsEmptyWindowsAndForeignOrInconsistentManifests() {
        assertThatIllegalArgumentException().isThrownBy(() -> plan("2024-01-01T01:00:00Z", "2024-01-01T01:00:00Z",
                ChunkPolicy.AUTO, fullDays(DAY1)));
        StreamId other = StreamId.parse("XX.OTHR..HHZ");
        assertThatThrownBy(() -> planner.plan(other, Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-01-01T00:10:00Z"), ChunkPolicy.AUTO, fullDays(DAY1)))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("XX.OTHR..HHZ");
        Function<LocalDate, Optional<DayManifest>> lying = fullDays(DAY1, chunk -> new DayManifest.Chunk(chunk.start(),
                chunk.end(), chunk.file(), chunk.samples() - 1, 0, 0, List.of(), 1));
        assertThatThrownBy(() -> plan("2024-01-01T00:00:00Z", "2024-01-01T00:10:00Z", ChunkPolicy.AUTO, lying))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("59999");
    }

    @Test
    void policiesParse() {
        assertThat(ChunkPolicy.parse("AUTO")).isSameAs(ChunkPolicy.AUTO);
        assertThat(ChunkPolicy.parse("6h")).isEqualTo(ChunkPolicy.fixed(ChunkSize.SIX_HOURS));
        assertThat(ChunkPolicy.parse("1h").toString()).isEqualTo("1h");
        assertThatIllegalArgumentException().isThrownBy(() -> ChunkPolicy.parse("fast"));
    }

    private List<PlannedChunk> plan(String start, String end, ChunkPolicy policy,
            Function<LocalDate, Optional<DayManifest>> manifests) {
        return planner.plan(DEMO, Instant.parse(start), Instant.parse(end), policy, manifests);
    }

    private static Tuple tuple(String start, int skip, int count) {
        return Tuple.tuple(Instant.parse(start), skip, count);
    }

    private static long micros(String instant) {
        return Micros.of(Instant.parse(instant));
    }

    private static Function<LocalDate, Optional<DayManifest>> fullDays(LocalDate... dates) {
        return date -> List.of(dates).contains(date) ? Optional.of(fullDay(date, UnaryOperator.identity()))
                : Optional.empty();
    }

    /** Only {@code date} has a manifest: every slot of every size, full, then passed through {@code edit} (null drops it). */
    private static Function<LocalDate, Optional<DayManifest>> fullDays(LocalDate date,
            UnaryOperator<DayManifest.Chunk> edit) {
        DayManifest manifest = fullDay(date, edit);
        return d -> d.equals(date) ? Optional.of(manifest) : Optional.empty();
    }

    private static DayManifest fullDay(LocalDate date, UnaryOperator<DayManifest.Chunk> edit) {
        Map<ChunkSize, List<DayManifest.Chunk>> chunks = new EnumMap<>(ChunkSize.class);
        Instant dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant();
        for (ChunkSize size : ChunkSize.values()) {
            List<DayManifest.Chunk> list = new ArrayList<>();
            int grid = (int) (size.duration().getSeconds() * 100);
            for (Instant t = dayStart; t.isBefore(dayStart.plusSeconds(86_400)); t = t.plus(size.duration())) {
                DayManifest.Chunk chunk = edit.apply(new DayManifest.Chunk(t, t.plus(size.duration()),
                        new ChunkFile.Name(DEMO, t, size).toString(), grid, -10, 10, List.of(), 1000));
                if (chunk != null) {
                    list.add(chunk);
                }
            }
            chunks.put(size, list);
        }
        return new DayManifest(DEMO, date, 100.0, DayManifest.ENCODING, chunks);
    }

    private static DayManifest.Chunk withGaps(DayManifest.Chunk chunk, String... bounds) {
        List<DayManifest.Gap> gaps = new ArrayList<>();
        for (int i = 0; i < bounds.length; i += 2) {
            gaps.add(new DayManifest.Gap(Instant.parse(bounds[i]), Instant.parse(bounds[i + 1])));
        }
        return new DayManifest.Chunk(chunk.start(), chunk.end(), chunk.file(), 60_000 - 18_000 - 99, -10, 10, gaps,
                1000);
    }
}
