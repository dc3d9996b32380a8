package org.audifleet.codec.mseed;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The libmseed test files and reference dumps under {@code shared/data/mseed} (Apache-2.0, EarthScope/libmseed),
 * found through the {@code audifleet.shared.dir} system property the root pom sets.
 */
public final class SharedMseedData {
    private SharedMseedData() {
    }

    /** The data directory, or a skipped test saying why it is missing. */
    public static Path dir() {
        String shared = System.getProperty("audifleet.shared.dir");
        assumeTrue(shared != null, "skipped: system property audifleet.shared.dir is not set (run through Maven)");
        Path dir = Path.of(shared, "data", "mseed");
        assumeTrue(Files.isDirectory(dir.resolve("reference-output")),
                "skipped: no miniSEED test data at " + dir.toAbsolutePath());
        return dir;
    }

    /** Test files with a reference dump, or an empty list when the data is absent (the tests then skip). */
    public static List<String> files() {
        return list(".", "reference-output");
    }

    public static List<String> benchFiles() {
        return list("bench", "bench/ref");
    }

    private static List<String> list(String sub, String refSub) {
        String shared = System.getProperty("audifleet.shared.dir");
        if (shared == null) {
            return List.of("(no audifleet.shared.dir)");
        }
        Path dir = Path.of(shared, "data", "mseed", sub);
        if (!Files.isDirectory(dir)) {
            return List.of("(no " + dir + ")");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.contains(".mseed")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Raw bytes of libmseed's dump for a test file ({@code bench} files: gunzipped). */
    public static byte[] reference(String file, boolean bench) throws IOException {
        Path dir = dir();
        if (bench) {
            try (InputStream in = new GZIPInputStream(
                    Files.newInputStream(dir.resolve("bench/ref/" + file + ".libmseed.txt.gz")), 1 << 16)) {
                return in.readAllBytes();
            }
        }
        return Files.readAllBytes(dir.resolve("reference-output/" + file + ".libmseed.txt"));
    }

    public static byte[] data(String file, boolean bench) throws IOException {
        return Files.readAllBytes(dir().resolve(bench ? "bench/" + file : file));
    }

    /** Files libmseed decodes only with warnings: their dumps need the lenient (WARN) integrity policy. */
    public static boolean needsLenient(String file) {
        return file.equals("testdata-invalid-blockette-offsets.mseed2");
    }
}
