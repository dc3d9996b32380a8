package org.audifleet.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/decode on a chunk-store chunk: one REC line per run between the manifest's gaps. */
class ChunkStoreInputTests {

    @TempDir
    Path day;

    @Test
    void printsEachRunBetweenGapsWithItsTime() throws Exception {
        // 10 s at 10 Hz from 00:40:00, missing 00:40:02 to 00:40:05 (and the rest of the 10 min slot): 20 + 50
        // samples stored.
        ByteBuffer b = ByteBuffer.allocate(70 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 70; i++) {
            b.putInt(i * 3 - 100);
        }
        String name = "XX.DEMO..HHZ.20240101T004000Z.10m.i32.zst";
        Files.write(day.resolve(name), Zstd.compress(b.array(), 3));
        Files.writeString(day.resolve("manifest.json"), """
                {"stream":"XX.DEMO..HHZ","date":"2024-01-01","sampleRate":10.0,"encoding":"zstd-int32le",
                 "chunks":{"10m":[{"start":"2024-01-01T00:40:00Z","end":"2024-01-01T00:50:00Z","file":"%s",
                 "samples":70,"min":-100,"max":107,"gaps":[{"start":"2024-01-01T00:40:02Z","end":"2024-01-01T00:40:05Z"},
                        {"start":"2024-01-01T00:40:10Z","end":"2024-01-01T00:50:00Z"}],
                 "bytes":99}]}}
                """.formatted(name));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DecodeCommand.run(new String[] {day.resolve(name).toString()}, out, new PrintStream(err));
        assertThat(code).as(err.toString()).isZero();
        String[] lines = out.toString(StandardCharsets.ISO_8859_1).split("\n");
        assertThat(lines).hasSize(72);
        assertThat(lines[0]).isEqualTo("# REC off=0 reclen=80 fmt=zst enc=zstd-int32le swap=0 sid=FDSN:XX_DEMO__H_H_Z"
                + " start=2024-01-01T00:40:00Z rate=10 samplecnt=20 numsamples=20 type=i");
        assertThat(lines[1]).isEqualTo("-100");
        assertThat(lines[21]).isEqualTo("# REC off=80 reclen=200 fmt=zst enc=zstd-int32le swap=0"
                + " sid=FDSN:XX_DEMO__H_H_Z start=2024-01-01T00:40:05Z rate=10 samplecnt=50 numsamples=50 type=i");
        assertThat(lines[22]).isEqualTo("-40");
    }

    @Test
    void aTruncatedFrameIsExitCode2() throws Exception {
        byte[] frame = Zstd.compress(new byte[40_000], 3);
        Path file = day.resolve("XX.DEMO..HHZ.20240101T000000Z.10m.i32.zst");
        Files.write(file, java.util.Arrays.copyOf(frame, frame.length / 2));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(DecodeCommand.run(new String[] {file.toString()}, new ByteArrayOutputStream(),
                new PrintStream(err))).isEqualTo(2);
        assertThat(err.toString()).contains("zstd");
    }
}
