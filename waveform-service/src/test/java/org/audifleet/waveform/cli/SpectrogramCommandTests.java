package org.audifleet.waveform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.audifleet.chunkstore.ChunkFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpectrogramCommandTests {

    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static String run(int expected, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SpectrogramCommand.run(new PrintWriter(out), new PrintWriter(err), args);
        assertThat(code).as("exit code, stderr: %s", err).isEqualTo(expected);
        return err.toString();
    }

    private Path chunk() throws Exception {
        int[] x = new int[30_000]; // 5 min at 100 Hz of a 2 Hz tone on an offset
        for (int i = 0; i < x.length; i++) {
            x[i] = 300_000 + (int) Math.round(5000 * Math.sin(2 * Math.PI * 2 * i / 100.0));
        }
        Path file = dir.resolve("tone.i32.zst");
        Files.write(file, ChunkFile.encode(x, 0, x.length));
        return file;
    }

    @Test
    void writesAPngAndTheServicesJsonFromAChunk() throws Exception {
        Path in = chunk();
        Path png = dir.resolve("s.png");
        String said = run(0, "-i", in.toString(), "-o", png.toString(), "-w", "200", "-h", "80");
        assertThat(said).contains("Spectrogram: 30000 samples at 100.0 Hz, window 2048, hop 1024, 28 columns x 1025"
                + " bins (0.0488 Hz each), log");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(200);
        assertThat(image.getHeight()).isEqualTo(80);

        Path json = dir.resolve("s.json");
        run(0, "-i", in.toString(), "-o", json.toString(), "--max-hz", "5", "--scale", "sqrt");
        assertThat(Files.readString(json)).startsWith("{\"version\":1,").contains("\"bins\":103", "\"scale\":\"sqrt\"");
    }

    @Test
    void badUsageIsOneLineAndExit2() throws Exception {
        Path in = chunk();
        String said = run(2, "-i", in.toString(), "-o", dir.resolve("s.gif").toString());
        assertThat(said.strip()).doesNotContain("\n").contains("must end in .png or .json");
        assertThat(run(2, "-i", in.toString(), "-o", dir.resolve("s.png").toString(), "--scale", "loud"))
                .contains("--scale must be linear, sqrt or log");
    }
}
