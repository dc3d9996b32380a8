package org.audifleet.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.audifleet.codec.mseed.SharedMseedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code bin/decode} main class: its output must equal libmseed's reference dump byte for byte. */
class DecodeCommandTests {
    static List<String> files() {
        return SharedMseedData.files();
    }

    static List<String> benchFiles() {
        return SharedMseedData.benchFiles();
    }

    private record Run(int code, byte[] out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DecodeCommand.run(args, out, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void printsTheReferenceDumpByteForByte(String file) throws IOException {
        Path path = SharedMseedData.dir().resolve(file);
        byte[] expected = SharedMseedData.reference(file, false);
        Run run = SharedMseedData.needsLenient(file) ? run("--lenient", path.toString()) : run(path.toString());
        assertThat(run.code()).as(run.err()).isZero();
        if (!Arrays.equals(run.out(), expected)) {
            assertThat(new String(run.out(), StandardCharsets.ISO_8859_1))
                    .isEqualTo(new String(expected, StandardCharsets.ISO_8859_1));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("benchFiles")
    void printsTheBenchReferenceDumpByteForByte(String file) throws IOException {
        Path path = SharedMseedData.dir().resolve("bench").resolve(file);
        byte[] expected = SharedMseedData.reference(file, true);
        Run run = run(path.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(Arrays.equals(run.out(), expected)).as("%s: CLI output equals bench/ref dump", file).isTrue();
    }

    @Test
    void corruptRecordPrintsEarlierRecordsThenOneErrorLineAndExits2(@TempDir Path tmp) throws IOException {
        Path source = SharedMseedData.dir().resolve("reference-testdata-steim2.mseed2");
        byte[] data = Files.readAllBytes(source);
        // Third record (offset 1024): damage the second difference word of frame 0 (the first one only links
        // to the previous record and is not used), so the last sample no longer equals Xn.
        data[1024 + 64 + 17] ^= 0x10;
        Path damaged = tmp.resolve("damaged.mseed2");
        Files.write(damaged, data);

        Run run = run(damaged.toString());

        assertThat(run.code()).isEqualTo(DecodeCommand.DECODE_FAILED);
        String out = new String(run.out(), StandardCharsets.ISO_8859_1);
        assertThat(out.lines().filter(l -> l.startsWith("# REC")).count()).isEqualTo(2);
        String reference = new String(SharedMseedData.reference("reference-testdata-steim2.mseed2", false),
                StandardCharsets.ISO_8859_1);
        assertThat(reference).startsWith(out);
        assertThat(run.err().lines().toList()).hasSize(1);
        assertThat(run.err()).contains(damaged.toString()).contains("byte offset 1024")
                .contains("integrity check failed");
    }

    @Test
    void defaultIsStrictOnLibmseedsWarningFile() throws IOException {
        Path path = SharedMseedData.dir().resolve("testdata-invalid-blockette-offsets.mseed2");
        Run run = run(path.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("byte offset 0: Steim1 integrity check failed");
    }

    @Test
    void helpAndUsage() {
        Run help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(new String(help.out(), StandardCharsets.UTF_8)).contains("Usage: decode");
        assertThat(run().code()).isEqualTo(DecodeCommand.USAGE);
        assertThat(run("--bogus").code()).isEqualTo(DecodeCommand.USAGE);
    }

    @Test
    void helpListsEveryOptionAndTheExitCodes() {
        Run help = run("-h");
        assertThat(help.code()).isZero();
        assertThat(help.err()).isEmpty();
        assertThat(new String(help.out(), StandardCharsets.UTF_8)).startsWith("Usage: decode ")
                .contains("--lenient", "-v, --verbose", "-h, --help", "-V, --version", "FILE...", "# REC off=",
                        "%d, %.9g float32, %.17g float64", "Exit codes:");
    }

    @Test
    void versionIsOneLine() {
        Run version = run("--version");
        assertThat(version.code()).isZero();
        assertThat(new String(version.out(), StandardCharsets.UTF_8)).matches("decode \\(Audifleet\\) \\S.*\\R");
    }

    @Test
    void aUsageErrorIsExit2AndOneLineNamingTheProblem() {
        Run bogus = run("--bogus", "x.mseed");
        assertThat(bogus.code()).isEqualTo(2);
        assertThat(bogus.out()).isEmpty();
        assertThat(bogus.err().lines().toList()).singleElement().asString()
                .startsWith("decode: ").contains("--bogus").endsWith("(try --help)");
        assertThat(run("--bogus").err().lines().toList()).singleElement().asString().contains("--bogus");
        Run none = run();
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err().lines().toList()).singleElement().asString().contains("FILE");
    }

    @Test
    void missingFileIsAnError() {
        Run run = run("/nonexistent/file.mseed");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("/nonexistent/file.mseed");
    }

    @Test
    void anEmptyFileIsAnErrorNamingIt(@TempDir Path tmp) throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.mseed"));
        Run run = run(empty.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines().toList()).singleElement().asString()
                .isEqualTo("decode: " + empty + ": empty file, no records");
    }
}
