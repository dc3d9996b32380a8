package org.audifleet.chunkstore.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.audifleet.chunkstore.ChunkSize;
import org.audifleet.chunkstore.ChunkStoreLayout;
import org.audifleet.chunkstore.DayManifest;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class DemoOriginCommandTests {

    @Test
    void writesAStoreAndReportsWhatIsInIt(@TempDir Path out) throws Exception {
        StringWriter text = new StringWriter();
        CommandLine command = new CommandLine(new DemoOriginCommand()).setOut(new PrintWriter(text));
        int exit = command.execute("write", "--out", out.toString(), "--stream", "XX.TEST.00.HHZ", "--hours", "1");
        assertThat(exit).isZero();
        StreamId stream = StreamId.parse("XX.TEST.00.HHZ");
        DayManifest manifest = DayManifest.parse(
                Files.readAllBytes(out.resolve(ChunkStoreLayout.manifestPath(stream, LocalDate.of(2024, 1, 1)))));
        assertThat(manifest.chunks(ChunkSize.TEN_MINUTES)).hasSize(6);
        assertThat(text.toString()).contains("wrote XX.TEST.00.HHZ", "gap        2024-01-01T00:42:00Z",
                "earthquake 2024-01-01T00:12:00Z", "tremor     2024-01-01T00:50:00Z");
    }

    @Test
    void helpExplainsTheLayout() {
        StringWriter text = new StringWriter();
        int exit = new CommandLine(new DemoOriginCommand()).setOut(new PrintWriter(text)).execute("--help");
        assertThat(exit).isZero();
        assertThat(text.toString()).contains("write", "serve", "{YYYY}/{MM}/{DD}/{NET}/{STA}/{LOC}/{CHA}/", "manifest.json",
                "{NET}.{STA}.{LOC}.{CHA}.{YYYYMMDD}T{HHMMSS}Z.{size}.i32.zst");
    }
}
