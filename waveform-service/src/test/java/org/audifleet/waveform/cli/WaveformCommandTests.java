package org.audifleet.waveform.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.audifleet.waveform.format.DatFormat;
import org.audifleet.waveform.format.JsonFormat;
import org.audifleet.waveform.format.WaveformData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WaveformCommandTests {

    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static int run(String... args) {
        StringWriter err = new StringWriter();
        int code = WaveformCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
        assertThat(code).as("exit code, stderr: %s", err).isZero();
        return code;
    }

    /** 16-bit PCM WAV, frames interleaved: {@code channels[c][i]}. */
    private static byte[] wav(int rate, short[][] channels) {
        int c = channels.length;
        int frames = channels[0].length;
        int dataBytes = frames * c * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + dataBytes).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) c).putInt(rate)
                .putInt(rate * c * 2).putShort((short) (c * 2)).putShort((short) 16);
        b.put("data".getBytes()).putInt(dataBytes);
        for (int i = 0; i < frames; i++) {
            for (short[] ch : channels) {
                b.putShort(ch[i]);
            }
        }
        return b.array();
    }

    private static short[] randomPcm(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) r.nextInt(Short.MIN_VALUE, Short.MAX_VALUE + 1);
        }
        return s;
    }

    @Test
    void sixteenBitWavGivesTheMinMaxOfEachBlockIncludingTheLastPartialOne() throws Exception {
        short[] pcm = randomPcm(7, 44_100 * 2 + 123);
        Path in = Files.write(dir.resolve("in.wav"), wav(44_100, new short[][] {pcm}));
        for (int zoom : new int[] {256, 300, 1000}) {
            Path out = dir.resolve("out-" + zoom + ".dat");
            run("-i", in.toString(), "-o", out.toString(), "-z", Integer.toString(zoom), "-b", "16");
            WaveformData w = DatFormat.fromBytes(Files.readAllBytes(out));
            int expectedLength = (pcm.length + zoom - 1) / zoom;
            assertThat(w.length()).isEqualTo(expectedLength);
            assertThat(w.channels()).isEqualTo(1);
            assertThat(w.bits()).isEqualTo(16);
            assertThat(w.sampleRate()).isEqualTo(44_100);
            assertThat(w.samplesPerPixel()).isEqualTo(zoom);
            for (int k = 0; k < expectedLength; k++) {
                int lo = Integer.MAX_VALUE;
                int hi = Integer.MIN_VALUE;
                for (int i = k * zoom; i < Math.min(pcm.length, (k + 1) * zoom); i++) {
                    lo = Math.min(lo, pcm[i]);
                    hi = Math.max(hi, pcm[i]);
                }
                assertThat(w.min(k, 0)).as("min of block %d at zoom %d", k, zoom).isEqualTo(lo);
                assertThat(w.max(k, 0)).as("max of block %d at zoom %d", k, zoom).isEqualTo(hi);
            }
        }
    }

    @Test
    void aWavOfManyReadBlocksStreamsToTheSameBucketsSplitOrMixed() throws Exception {
        int frames = WavFile.BLOCK_FRAMES * 3 + 777;
        short[] left = randomPcm(3, frames);
        short[] right = randomPcm(4, frames);
        Path in = Files.write(dir.resolve("long.wav"), wav(44_100, new short[][] {left, right}));
        Path split = dir.resolve("split.dat");
        Path mixed = dir.resolve("mixed.dat");
        run("-i", in.toString(), "-o", split.toString(), "-z", "300", "--split-channels");
        run("-i", in.toString(), "-o", mixed.toString(), "-z", "300");
        WaveformData s = DatFormat.fromBytes(Files.readAllBytes(split));
        WaveformData m = DatFormat.fromBytes(Files.readAllBytes(mixed));
        assertThat(Files.readAllBytes(split)).startsWith(2, 0, 0, 0);
        assertThat(Files.readAllBytes(mixed)).startsWith(1, 0, 0, 0);
        assertThat(s.length()).isEqualTo(m.length()).isEqualTo((frames + 299) / 300);
        for (int k = 0; k < s.length(); k++) {
            int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
            int[] hi = {Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE};
            for (int i = k * 300; i < Math.min(frames, (k + 1) * 300); i++) {
                int[] v = {left[i], right[i], (left[i] + right[i]) / 2};
                for (int c = 0; c < 3; c++) {
                    lo[c] = Math.min(lo[c], v[c]);
                    hi[c] = Math.max(hi[c], v[c]);
                }
            }
            assertThat(new int[] {s.min(k, 0), s.max(k, 0), s.min(k, 1), s.max(k, 1), m.min(k, 0), m.max(k, 0)})
                    .as("bucket %d", k).containsExactly(lo[0], hi[0], lo[1], hi[1], lo[2], hi[2]);
        }
    }

    @Test
    void stereoIsAveragedLikeAudiowaveformOrSplit() throws Exception {
        short[] left = randomPcm(1, 5000);
        short[] right = randomPcm(2, 5000);
        Path in = Files.write(dir.resolve("st.wav"), wav(8000, new short[][] {left, right}));
        Path mixed = dir.resolve("mixed.json");
        run("-i", in.toString(), "-o", mixed.toString(), "-z", "512", "-b", "8");
        WaveformData m = JsonFormat.fromJson(Files.readString(mixed));
        assertThat(m.channels()).isEqualTo(1);
        assertThat(m.bits()).isEqualTo(8);
        for (int k = 0; k < m.length(); k++) {
            int lo = Integer.MAX_VALUE;
            int hi = Integer.MIN_VALUE;
            for (int i = k * 512; i < Math.min(5000, (k + 1) * 512); i++) {
                int v = (left[i] + right[i]) / 2;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            assertThat(m.min(k, 0)).isEqualTo(lo / 256);
            assertThat(m.max(k, 0)).isEqualTo(hi / 256);
        }
        Path split = dir.resolve("split.dat");
        run("-i", in.toString(), "-o", split.toString(), "-z", "512", "--split-channels");
        WaveformData s = DatFormat.fromBytes(Files.readAllBytes(split));
        assertThat(s.channels()).isEqualTo(2);
        assertThat(s.length()).isEqualTo(10);
        int lo = Integer.MAX_VALUE;
        for (int i = 4608; i < 5000; i++) {
            lo = Math.min(lo, right[i]);
        }
        assertThat(s.min(9, 1)).isEqualTo(lo);
    }

    @Test
    void chunkOfInt32CountsIsScaledByItsPeak() throws Exception {
        int[] counts = new int[10_000];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = (int) (2_000_000 * Math.sin(i / 50.0));
        }
        counts[1234] = -3_000_000;
        ByteBuffer raw = ByteBuffer.allocate(counts.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asIntBuffer().put(counts);
        Path in = Files.write(dir.resolve("00042.i32.zst"), Zstd.compress(raw.array()));
        Path out = dir.resolve("chunk.json");
        run("-i", in.toString(), "-o", out.toString(), "--pixels-per-second", "1", "-b", "8");
        WaveformData w = JsonFormat.fromJson(Files.readString(out));
        assertThat(w.sampleRate()).isEqualTo(100);
        assertThat(w.samplesPerPixel()).isEqualTo(100);
        assertThat(w.length()).isEqualTo(100);
        assertThat(w.min(12, 0)).isEqualTo(-127);
    }

    @Test
    void pngOfTheAskedSizeFromWavAndFromDat() throws Exception {
        Path in = Files.write(dir.resolve("in.wav"), wav(100, new short[][] {randomPcm(3, 20_000)}));
        Path png = dir.resolve("out.png");
        run("-i", in.toString(), "-o", png.toString(), "-w", "640", "-h", "120", "-s", "10", "-e", "150",
                "--start-time", "2024-03-01T12:00:00Z", "--playhead", "60", "--highpass", "0.045");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(120);

        Path dat = dir.resolve("in.dat");
        run("-i", in.toString(), "-o", dat.toString(), "-z", "16");
        Path png2 = dir.resolve("dat.png");
        run("-i", dat.toString(), "-o", png2.toString(), "-z", "64", "-w", "300", "-h", "90");
        BufferedImage fromDat = ImageIO.read(png2.toFile());
        assertThat(fromDat.getWidth()).isEqualTo(300);
        assertThat(fromDat.getHeight()).isEqualTo(90);
    }

    @Test
    void helpIsLongOnlyBecauseMinusHIsTheHeight() {
        StringWriter out = new StringWriter();
        assertThat(WaveformCommand.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--help")).isZero();
        assertThat(out.toString()).contains("-h, --height").contains("--input-filename");
    }

    @Test
    void versionIsOneLine() {
        StringWriter out = new StringWriter();
        assertThat(WaveformCommand.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--version"))
                .isZero();
        assertThat(out.toString()).matches("waveform \\(Audifleet\\) \\S.*\\R");
    }

    @Test
    void aUsageErrorIsExit2AndOneLineNamingTheProblem() {
        String[][] wrong = {{"--bogus"}, {"-i", "in.wav"}, {"-i", "in.wav", "-o", "out.dat", "-b", "12"},
            {"-i", "in.wav", "-o", "out.dat", "-z", "many"}, {"-i"}, {"-i", "in.wav", "-o", "out.dat", "extra"}};
        for (String[] args : wrong) {
            StringWriter err = new StringWriter();
            assertThat(WaveformCommand.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args))
                    .as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString().lines().toList()).as(String.join(" ", args)).singleElement().asString()
                    .startsWith("waveform: ").endsWith("(try --help)");
        }
    }
}
