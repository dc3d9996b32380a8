package org.audifleet.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.audifleet.codec.mseed.SharedMseedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/decode on every kind of corrupt input: exit 2 and one stderr line naming the file, never a stack trace, and
 * in bounded memory (a real {@code java -Xmx96m} process on a 2 GiB zstd bomb: at most 2^23 samples, 32 MiB, are
 * held, which before died with
 * {@code OutOfMemoryError: Required array size too large}).
 */
class CorruptInputCommandTests {

    static final String CHUNK = "XX.DEMO..HHZ.20240101T000000Z.10m.i32.zst";

    @TempDir
    Path tmp;

    /** Writes a frame of {@code bytes} zeros without its size in the header, as a streaming compressor does. */
    static Path bomb(Path file, long bytes) throws IOException {
        try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(file), 3)) {
            byte[] zeros = new byte[1 << 20];
            for (long left = bytes; left > 0; left -= zeros.length) {
                out.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
        }
        return file;
    }

    /** A day directory whose manifest lists {@link #CHUNK} as 10 min at 100 Hz, no gaps. */
    Path listedDay() throws IOException {
        Path day = Files.createDirectories(tmp.resolve("day"));
        Files.writeString(day.resolve("manifest.json"), """
                {"stream":"XX.DEMO..HHZ","date":"2024-01-01","sampleRate":100.0,"encoding":"zstd-int32le",
                 "chunks":{"10m":[{"start":"2024-01-01T00:00:00Z","end":"2024-01-01T00:10:00Z","file":"%s",
                 "samples":60000,"min":0,"max":0,"gaps":[],"bytes":99}]}}
                """.formatted(CHUNK));
        return day;
    }

    record Run(int code, String out, String err) {
    }

    static Run run(Path file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DecodeCommand.run(new String[] {file.toString()}, out, new PrintStream(err, true,
                StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.UTF_8));
    }

    static void assertOneLineNaming(Run run, Path file, String reason) {
        assertThat(run.code()).as(run.err()).isEqualTo(2);
        assertThat(run.err().lines().toList()).singleElement().asString().startsWith("decode: " + file + ": ")
                .contains(reason);
    }

    @Test
    void theHelpSaysWhatIsAnErrorAndWhereReadingStops() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(DecodeCommand.run(new String[] {"--help"}, out, new PrintStream(new ByteArrayOutputStream())))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ")).contains("So it is for an empty"
                + " file, a chunk whose zstd frame is cut or corrupt, and one that declares or holds more samples than"
                + " its manifest entry's grid, or without one more than 8388608 (decoded-size-exceeds-window): reading"
                + " stops there.", "2 a file failed to decode (corrupt, cut, bigger than its chunk, empty; the others"
                + " are still printed), or a usage error");
    }

    @Test
    void anEmptyFile() throws IOException {
        Path empty = Files.createFile(tmp.resolve(CHUNK));
        assertOneLineNaming(run(empty), empty, "empty file, no records");
    }

    @Test
    void aBombWithoutItsManifestStopsAtTheUnlistedCap() throws IOException {
        Path bomb = bomb(tmp.resolve(CHUNK), 1L << 30);
        Run run = run(bomb);
        assertOneLineNaming(run, bomb, "byte offset 33554432: decoded-size-exceeds-window: the zstd frame holds more"
                + " than the 8388608 samples a chunk without a manifest entry may hold");
        assertThat(run.out()).startsWith("# REC off=0 reclen=33554432 fmt=zst");
    }

    @Test
    void aBombListedAsTenMinutesStopsAtItsGrid() throws IOException {
        Path bomb = bomb(listedDay().resolve(CHUNK), 1L << 30);
        Run run = run(bomb);
        assertOneLineNaming(run, bomb, "byte offset 240000: decoded-size-exceeds-window: the zstd frame holds more"
                + " than the chunk's 60000 samples (reading stopped at byte 240000 of the decompressed stream)");
        assertThat(run.out()).startsWith("# REC off=0 reclen=240000 fmt=zst").contains(" samplecnt=60000 ");

        // One that says so in its header is refused from the header, after the window's samples.
        Files.write(bomb, Zstd.compress(new byte[1 << 24], 3));
        assertOneLineNaming(run(bomb), bomb, "decoded-size-exceeds-window: the zstd frame declares 16777216 bytes"
                + " (4194304 samples), more than the chunk's 60000 samples");
    }

    @Test
    void aListedChunkShorterThanItsGrid() throws IOException {
        Path chunk = Files.write(listedDay().resolve(CHUNK), Zstd.compress(new byte[4 * 50_000], 3));
        assertOneLineNaming(run(chunk), chunk, "zstd frame ended at grid sample 50000 but the window needs 60000");
    }

    @Test
    void aTruncatedZstdFrame() throws IOException {
        ByteBuffer noise = ByteBuffer.allocate(4 * 100_000).order(ByteOrder.LITTLE_ENDIAN);
        new Random(3).ints(100_000, -(1 << 20), 1 << 20).forEach(noise::putInt);
        byte[] frame = Zstd.compress(noise.array(), 3);
        Path cut = Files.write(tmp.resolve(CHUNK), Arrays.copyOf(frame, frame.length * 2 / 3));
        assertOneLineNaming(run(cut), cut, "corrupt zstd frame");
    }

    @Test
    void garbageThatIsNotZstd() throws IOException {
        byte[] garbage = new byte[4096];
        new Random(4).nextBytes(garbage);
        garbage[0] = 'G';
        Path file = Files.write(tmp.resolve("garbage.bin"), garbage);
        assertOneLineNaming(run(file), file, "byte offset 0: ");
    }

    @Test
    void aTruncatedMiniSeedFile() throws IOException {
        byte[] data = Files.readAllBytes(SharedMseedData.dir().resolve("reference-testdata-steim2.mseed2"));
        Path cut = Files.write(tmp.resolve("cut.mseed2"), Arrays.copyOf(data, 1000));
        Run run = run(cut);
        assertOneLineNaming(run, cut, "byte offset 512: ");
        assertThat(run.out().lines().filter(l -> l.startsWith("# REC"))).hasSize(1);
    }

    @Test
    void garbageAfterAMiniSeedHeader() throws IOException {
        byte[] data = Files.readAllBytes(SharedMseedData.dir().resolve("reference-testdata-steim2.mseed2"));
        byte[] garbage = new byte[4096];
        new Random(5).nextBytes(garbage);
        System.arraycopy(data, 0, garbage, 0, 48);
        Path file = Files.write(tmp.resolve("garbage.mseed2"), garbage);
        assertOneLineNaming(run(file), file, "byte offset 0: ");
    }

    @Test
    void everyCorruptInputInOneRealProcessWith96MibOfHeap() throws Exception {
        byte[] steim2 = Files.readAllBytes(SharedMseedData.dir().resolve("reference-testdata-steim2.mseed2"));
        byte[] noise = new byte[4096];
        new Random(6).nextBytes(noise);
        byte[] frame = Zstd.compress(new byte[400_000], 3);
        Path unlisted = Files.createDirectories(tmp.resolve("unlisted"));
        List<Path> files = List.of(
                Files.createFile(tmp.resolve("empty.mseed2")),
                bomb(unlisted.resolve(CHUNK), 2L << 30),
                bomb(listedDay().resolve(CHUNK), 2L << 30),
                Files.write(tmp.resolve("cut.i32.zst"), Arrays.copyOf(frame, frame.length / 2)),
                Files.write(tmp.resolve("noise.bin"), noise),
                Files.write(tmp.resolve("cut.mseed2"), Arrays.copyOf(steim2, 1000)));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx96m", "-cp", System.getProperty("java.class.path"), DecodeCommand.class.getName()));
        files.forEach(f -> command.add(f.toString()));
        Process decode = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(decode.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(decode.waitFor(5, TimeUnit.MINUTES)).isTrue();

        assertThat(decode.exitValue()).as(err).isEqualTo(2);
        List<String> lines = err.lines().toList();
        assertThat(lines).as(err).hasSize(files.size());
        for (int i = 0; i < files.size(); i++) {
            assertThat(lines.get(i)).startsWith("decode: " + files.get(i) + ": ");
        }
        assertThat(lines.get(1)).contains("decoded-size-exceeds-window");
        assertThat(lines.get(2)).contains("decoded-size-exceeds-window");
    }
}
