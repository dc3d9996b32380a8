package org.audifleet.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.audifleet.wire.Micros;
import org.audifleet.wire.SampleRunSink;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkFileTests {

    private static final StreamId DEMO = StreamId.parse("XX.DEMO..HHZ");
    private static final Instant T40 = Instant.parse("2024-01-01T00:40:00Z");

    @Test
    void namesRoundTripAndOnlyChunkNamesParse() {
        ChunkFile.Name name = new ChunkFile.Name(StreamId.parse("IU.ANMO.00.BHZ"),
                Instant.parse("2023-12-31T18:00:00Z"), ChunkSize.SIX_HOURS);
        assertThat(name).hasToString("IU.ANMO.00.BHZ.20231231T180000Z.6h.i32.zst");
        assertThat(ChunkFile.Name.parse(name.toString())).contains(name);
        assertThat(ChunkFile.Name.parse("XX.DEMO..HHZ.20240101T004000Z.10m.i32.zst"))
                .contains(new ChunkFile.Name(DEMO, T40, ChunkSize.TEN_MINUTES));
        assertThat(ChunkFile.Name.parse("00042.i32.zst")).isEmpty();
        assertThat(ChunkFile.Name.parse("XX.DEMO..HHZ.20240101T004500Z.1h.i32.zst")).isEmpty();
        assertThat(ChunkFile.Name.parse("XX.DEMO..HHZ.20240101T004000Z.10m.i32")).isEmpty();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ChunkFile.Name(DEMO, Instant.parse("2024-01-01T03:00:00Z"), ChunkSize.SIX_HOURS))
                .withMessageContaining("6h");
    }

    @Test
    void payloadRoundTripsThroughEncodeAndDecode() {
        int[] samples = IntStream.range(0, 100_000).map(i -> i * 37 - 1_000_000).toArray();
        byte[] payload = ChunkFile.encode(samples, 0, samples.length);
        assertThat(ChunkFile.startsWithFrame(payload, payload.length)).isTrue();
        assertThat(ChunkFile.startsWithFrame(new byte[] {1, 2, 3, 4}, 4)).isFalse();
        GridSink grid = new GridSink();
        ChunkFile.Decoded decoded = new ChunkFile.Decoder().decodeAll(new ByteArrayInputStream(payload), new int[0], grid);
        assertThat(decoded.cut()).isEmpty();
        assertThat(decoded.samples()).isEqualTo(100_000);
        assertThat(grid.toArray()).containsExactly(Arrays.stream(samples).asLongStream().toArray());
    }

    @Test
    void aWindowKeepsItsPartOfTheGridAndGapsWhereTheyAre() {
        // grid of 100: samples 0..29 present, 30..39 missing, 40..99 present (90 stored samples)
        int[] stored = IntStream.range(0, 100).filter(g -> g < 30 || g >= 40).map(g -> g + 1).toArray();
        GridSink grid = new GridSink();
        ChunkFile.Decoded decoded = new ChunkFile.Decoder().decode(
                new ByteArrayInputStream(ChunkFile.encode(stored, 0, stored.length)), new int[] {30, 10}, 25, 75, grid);
        assertThat(decoded.cut()).isEmpty();
        assertThat(grid.toArray()).containsExactly(
                IntStream.range(25, 75).mapToLong(g -> g >= 30 && g < 40 ? Long.MIN_VALUE : g + 1).toArray());
    }

    @Test
    void aCutFrameKeepsEverySampleThatDecodedAndSaysItWasCut() {
        // Noise, so every 128 KiB zstd block is about as long as the next and half the frame holds whole blocks.
        int[] samples = new java.util.Random(8).ints(200_000, -(1 << 20), 1 << 20).toArray();
        byte[] payload = ChunkFile.encode(samples, 0, samples.length);
        GridSink grid = new GridSink();
        ChunkFile.Decoded decoded = new ChunkFile.Decoder().decode(
                new ByteArrayInputStream(Arrays.copyOf(payload, payload.length / 2)), new int[0], 0, 200_000, grid);
        assertThat(decoded.cut()).hasValueSatisfying(reason -> assertThat(reason).contains("zstd"));
        assertThat(decoded.samples()).isPositive().isLessThan(200_000).isEqualTo(grid.values.size());
        long[] got = grid.toArray();
        for (int i = 0; i < got.length; i++) {
            assertThat(got[i]).isEqualTo(samples[i]);
        }

        // The whole-frame decode of the same bytes is cut too: a frame's end is in its data, not the file's.
        ChunkFile.Decoded whole = new ChunkFile.Decoder().decodeAll(
                new ByteArrayInputStream(Arrays.copyOf(payload, payload.length / 2)), new int[0], new GridSink());
        assertThat(whole.cut()).isPresent();
        assertThat(whole.samples()).isEqualTo(decoded.samples());
    }

    /** A stream that hands out one byte per read, so every refill and header gathering path runs. */
    private static final class OneByteAtATime extends ByteArrayInputStream {
        OneByteAtATime(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1));
        }
    }

    @Test
    void aPayloadInMemoryAndTheSameBytesAsAStreamDecodeAlike() {
        int[] samples = new java.util.Random(3).ints(70_000, -(1 << 20), 1 << 20).toArray();
        byte[] payload = ChunkFile.encode(samples, 0, samples.length);
        int[] gaps = {1000, 500};
        for (byte[] bytes : new byte[][] {payload, Arrays.copyOf(payload, payload.length * 2 / 3)}) {
            GridSink fromArray = new GridSink();
            GridSink fromStream = new GridSink();
            ChunkFile.Decoded a = new ChunkFile.Decoder().decode(bytes, gaps, 300, 70_500, 70_500, fromArray);
            ChunkFile.Decoded b = new ChunkFile.Decoder().decode(new OneByteAtATime(bytes), gaps, 300, 70_500, 70_500,
                    fromStream);
            assertThat(b).as("%d bytes", bytes.length).isEqualTo(a);
            assertThat(fromStream.toArray()).isEqualTo(fromArray.toArray());
        }
    }

    @Test
    void aDecoderUsedAgainAfterABrokenFrameDecodesTheNextExactly() {
        int[] samples = IntStream.range(0, 50_000).map(i -> i * 7 - 99).toArray();
        byte[] payload = ChunkFile.encode(samples, 0, samples.length);
        byte[] corrupt = payload.clone();
        for (int i = 100; i < corrupt.length; i += 97) {
            corrupt[i] ^= 0x5a;
        }
        ChunkFile.Decoder decoder = new ChunkFile.Decoder();
        assertThat(decoder.decode(corrupt, new int[0], 0, 50_000, 50_000, new GridSink()).cut()).isPresent();
        assertThat(decoder.decode(Arrays.copyOf(payload, 40), new int[0], 0, 50_000, 50_000, new GridSink()).cut())
                .hasValueSatisfying(reason -> assertThat(reason).isEqualTo("corrupt zstd frame: Truncated source"));
        GridSink grid = new GridSink();
        assertThat(decoder.decode(payload, new int[0], 0, 50_000, 50_000, grid))
                .isEqualTo(new ChunkFile.Decoded(50_000, java.util.Optional.empty(), java.util.Optional.empty()));
        assertThat(grid.toArray()).containsExactly(Arrays.stream(samples).asLongStream().toArray());
    }

    @Test
    void samplesRunOnAcrossFramesOneAfterAnotherAndSkippableFramesAreSkipped() {
        // Frames one after another, a skippable frame (magic 0x184D2A50, 4 bytes of content) between them: what
        // ZstdInputStream read too, so a payload split into several frames keeps decoding.
        int[] samples = IntStream.range(0, 30_000).map(i -> i % 1000 - 500).toArray();
        byte[] first = ChunkFile.encode(samples, 0, 12_000);
        byte[] skippable = {0x50, 0x2a, 0x4d, 0x18, 4, 0, 0, 0, 1, 2, 3, 4};
        byte[] second = ChunkFile.encode(samples, 12_000, 18_000);
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        joined.writeBytes(first);
        joined.writeBytes(skippable);
        joined.writeBytes(second);
        GridSink grid = new GridSink();
        ChunkFile.Decoded decoded = new ChunkFile.Decoder().decode(joined.toByteArray(), new int[0], 0, 30_000, 30_000,
                grid);
        assertThat(decoded.cut()).isEmpty();
        assertThat(decoded.oversize()).isEmpty();
        assertThat(grid.toArray()).containsExactly(Arrays.stream(samples).asLongStream().toArray());
    }

    @Test
    void framesShorterThanAFrameHeaderAreCutNotThrown() {
        // Found by ZstdChunkDecoderFuzzTests (crash-a78bd536...): an empty payload threw from zstd-jni's header read.
        for (byte[] payload : new byte[][] {new byte[0], {0x28}, {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}}) {
            ChunkFile.Decoded decoded = new ChunkFile.Decoder().decode(new ByteArrayInputStream(payload), new int[0],
                    0, 100, new GridSink());
            assertThat(decoded.cut()).as("%d bytes", payload.length).isPresent();
            assertThat(decoded.samples()).isZero();
        }
    }

    @Test
    void aWindowLongerThanTheFrameIsACutAndABombYieldsOnlyTheWindow() {
        int[] samples = IntStream.range(0, 1000).toArray();
        ChunkFile.Decoded shortFrame = new ChunkFile.Decoder().decode(
                new ByteArrayInputStream(ChunkFile.encode(samples, 0, 1000)), new int[0], 0, 1500, new GridSink());
        assertThat(shortFrame.samples()).isEqualTo(1000);
        assertThat(shortFrame.cut()).hasValue("zstd frame ended at grid sample 1000 but the window needs 1500");
        assertThat(shortFrame.oversize()).isEmpty();

        byte[] bomb = ChunkFile.encode(new int[4 * 1024 * 1024], 0, 4 * 1024 * 1024);
        GridSink grid = new GridSink();
        ChunkFile.Decoded window = new ChunkFile.Decoder().decode(new ByteArrayInputStream(bomb), new int[0], 0, 1000,
                grid);
        assertThat(window.cut()).isEmpty();
        assertThat(window.samples()).isEqualTo(1000);
        assertThat(grid.values).hasSize(1000);
        assertThat(window.oversize()).hasValue("decoded-size-exceeds-window: the zstd frame declares 16777216 bytes"
                + " (4194304 samples), more than the chunk's 1000 samples");
    }

    @Test
    void aFrameThatDoesNotDeclareItsSizeIsReadToTheChunksEndAndOneSampleBeyond() throws IOException {
        // The window is the chunk's first 1000 of 60,000 grid samples, 100 of them gaps.
        int[] gaps = {10_000, 100};
        byte[] bomb = ZstdBombs.zeros(64L << 20);
        GridSink grid = new GridSink();
        ChunkFile.Decoded decoded = new ChunkFile.Decoder().decode(new ByteArrayInputStream(bomb), gaps, 0, 1000,
                60_000, grid);
        assertThat(grid.values).hasSize(1000);
        assertThat(decoded.cut()).isEmpty();
        assertThat(decoded.oversize()).hasValue("decoded-size-exceeds-window: the zstd frame holds more than the"
                + " chunk's 59900 samples (reading stopped at byte 239600 of the decompressed stream)");

        // The same frame holding exactly the chunk is no bomb, nor is a shorter one: the window has what it needs.
        for (long bytes : new long[] {59_900 * 4, 30_000 * 4}) {
            ChunkFile.Decoded fits = new ChunkFile.Decoder().decode(new ByteArrayInputStream(ZstdBombs.zeros(bytes)),
                    gaps, 0, 1000, 60_000, new GridSink());
            assertThat(fits.cut()).isEmpty();
            assertThat(fits.oversize()).as("%d bytes", bytes).isEmpty();
        }
    }

    @Test
    void aFrameReadWithoutItsGridMayHoldAtMostTheUnlistedCap(@TempDir Path dir) throws IOException {
        byte[] bomb = ZstdBombs.zeros(64L << 20);
        long[] count = new long[1];
        ChunkFile.Decoded decoded = new ChunkFile.Decoder().decodeAll(new ByteArrayInputStream(bomb), new int[0],
                new SampleRunSink() {
                    @Override
                    public void appendSamples(int[] counts, int offset, int length) {
                        count[0] += length;
                    }

                    @Override
                    public void appendGap(long missingSamples) {
                    }
                });
        assertThat(count[0]).isEqualTo(ChunkFile.MAX_UNLISTED_SAMPLES);
        assertThat(decoded.cut()).isEmpty();
        assertThat(decoded.oversize()).hasValueSatisfying(r -> assertThat(r).startsWith(
                "decoded-size-exceeds-window: the zstd frame holds more than the 8388608 samples a chunk without a"
                        + " manifest entry may hold"));
        assertThatThrownBy(() -> ChunkFile.readSamples(Files.write(dir.resolve("bomb.i32.zst"), bomb)))
                .isInstanceOf(IOException.class).hasMessageContaining("decoded-size-exceeds-window");
    }

    @Test
    void aFrameEndingInsideASampleIsCut(@TempDir Path dir) throws IOException {
        byte[] oddBytes = com.github.luben.zstd.Zstd.compress(new byte[4 * 10 + 3], ChunkFile.ZSTD_LEVEL);
        Path file = Files.write(dir.resolve("x.i32.zst"), oddBytes);
        assertThatThrownBy(() -> ChunkFile.readSamples(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("43 bytes is not a whole number of Int32 samples");
        assertThatThrownBy(() -> ChunkFile.readSamples(Files.write(dir.resolve("y.i32.zst"), new byte[] {1, 2, 3})))
                .isInstanceOf(IOException.class).hasMessageContaining("corrupt zstd frame");
    }

    @Test
    void openReadsTheNameAndTheManifestEntryBesideIt(@TempDir Path day) throws IOException {
        // 10 s at 10 Hz from 00:40:00 (a 10 min slot), missing 00:40:02 to 00:40:05.
        String name = "XX.DEMO..HHZ.20240101T004000Z.10m.i32.zst";
        int[] stored = IntStream.range(0, 70).toArray();
        Files.write(day.resolve(name), ChunkFile.encode(stored, 0, stored.length));
        DayManifest.Chunk entry = new DayManifest.Chunk(T40, Instant.parse("2024-01-01T00:50:00Z"), name, 70, 0, 69,
                List.of(new DayManifest.Gap(Instant.parse("2024-01-01T00:40:02Z"), Instant.parse("2024-01-01T00:40:05Z")),
                        new DayManifest.Gap(Instant.parse("2024-01-01T00:40:10Z"), Instant.parse("2024-01-01T00:50:00Z"))),
                99);
        Files.write(day.resolve(ChunkStoreLayout.MANIFEST_FILE), new DayManifest(DEMO, LocalDate.of(2024, 1, 1), 10.0,
                DayManifest.ENCODING, Map.of(ChunkSize.TEN_MINUTES, List.of(entry))).toJson());
        List<String> warnings = new ArrayList<>();

        ChunkFile chunk = ChunkFile.open(day.resolve(name), warnings::add);

        assertThat(warnings).isEmpty();
        assertThat(chunk.name()).contains(new ChunkFile.Name(DEMO, T40, ChunkSize.TEN_MINUTES));
        assertThat(chunk.listing()).contains(entry);
        assertThat(chunk.sampleRate()).isEqualTo(10.0);
        assertThat(chunk.startMicros()).isEqualTo(Micros.of(T40));
        assertThat(chunk.gaps()).containsExactly(20, 30, 100, 5_900);
        GridSink grid = new GridSink();
        try (var in = Files.newInputStream(day.resolve(name))) {
            assertThat(chunk.decode(in, grid).cut()).isEmpty();
        }
        assertThat(grid.values).hasSize(6000);
        assertThat(grid.values.subList(18, 22)).containsExactly(18L, 19L, Long.MIN_VALUE, Long.MIN_VALUE);
        assertThat(grid.values.get(50)).isEqualTo(20L);
    }

    @Test
    void aListedChunkMustFillItsGridExactly(@TempDir Path day) throws IOException {
        String name = "XX.DEMO..HHZ.20240101T004000Z.10m.i32.zst";
        DayManifest.Chunk entry = new DayManifest.Chunk(T40, Instant.parse("2024-01-01T00:50:00Z"), name, 6000, 0, 0,
                List.of(), 0);
        Files.write(day.resolve(ChunkStoreLayout.MANIFEST_FILE), new DayManifest(DEMO, LocalDate.of(2024, 1, 1), 10.0,
                DayManifest.ENCODING, Map.of(ChunkSize.TEN_MINUTES, List.of(entry))).toJson());
        Files.write(day.resolve(name), ChunkFile.encode(new int[5000], 0, 5000));
        ChunkFile chunk = ChunkFile.open(day.resolve(name), w -> { });
        try (var in = Files.newInputStream(day.resolve(name))) {
            assertThat(chunk.decode(in, new GridSink()).cut())
                    .hasValue("zstd frame ended at grid sample 5000 but the window needs 6000");
        }
        Files.write(day.resolve(name), ZstdBombs.zeros(1L << 30));
        GridSink grid = new GridSink();
        try (var in = Files.newInputStream(day.resolve(name))) {
            assertThat(chunk.decode(in, grid).oversize()).hasValueSatisfying(r -> assertThat(r)
                    .startsWith("decoded-size-exceeds-window: the zstd frame holds more than the chunk's 6000 samples"));
        }
        assertThat(grid.values).hasSize(6000);
    }

    @Test
    void openSaysWhatItCannotKnow(@TempDir Path day) throws IOException {
        Path odd = Files.write(day.resolve("00042.i32.zst"), ChunkFile.encode(new int[] {1, 2}, 0, 2));
        List<String> warnings = new ArrayList<>();
        ChunkFile chunk = ChunkFile.open(odd, warnings::add);
        assertThat(chunk.name()).isEmpty();
        assertThat(chunk.sampleRate()).isZero();
        assertThat(chunk.gaps()).isEmpty();
        assertThat(warnings).hasSize(2).anySatisfy(w -> assertThat(w).contains("no stream or time"))
                .anySatisfy(w -> assertThat(w).contains("no manifest.json beside 00042.i32.zst: rate 0, gaps unknown"));

        Files.writeString(day.resolve(ChunkStoreLayout.MANIFEST_FILE), "{\"stream\": 7}", StandardCharsets.UTF_8);
        warnings.clear();
        ChunkFile unreadable = ChunkFile.open(odd, warnings::add);
        assertThat(unreadable.sampleRate()).isZero();
        assertThat(warnings).anySatisfy(w -> assertThat(w).contains("manifest stream").contains("rate 0, gaps unknown"));
    }
}
