package org.audifleet.chunkstore.demo;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.audifleet.chunkstore.ChunkSize;
import org.audifleet.chunkstore.DayManifest;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
import org.audifleet.wire.StreamId;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes the demo chunk store and serves a store folder over loopback HTTP: {@code bin/demo-origin}. */
@Command(name = "demo-origin", mixinStandardHelpOptions = true, version = "audifleet demo-origin 0.1.0",
        subcommands = {DemoOriginCommand.Write.class, DemoOriginCommand.Serve.class},
        description = {
                "Writes a synthetic seismogram as an Audifleet chunk store, and serves a store folder over HTTP.", ""},
        footer = {"", "Store layout, paths relative to the store root (LOC is -- in folders when blank):",
                "  {YYYY}/{MM}/{DD}/{NET}/{STA}/{LOC}/{CHA}/",
                "      manifest.json",
                "      {NET}.{STA}.{LOC}.{CHA}.{YYYYMMDD}T{HHMMSS}Z.{size}.i32.zst",
                "Sizes 10m, 1h and 6h; chunks start on multiples of their size from 00:00 UTC.",
                "A chunk file is zstd frames (16384 samples each, the last one shorter) of",
                "Int32 little-endian samples at 100 Hz: only the samples that exist, in time",
                "order. manifest.json lists every chunk slot per size: start, end, file (null",
                "when the slot has no data), samples, min, max, gaps, bytes and where each",
                "frame starts. See chunk-store/README.md.", "",
                "Example:", "  demo-origin write --out demo-out/store",
                "  demo-origin serve --dir demo-out/store --port 8081"})
public final class DemoOriginCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoOriginCommand()).execute(args));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return CommandLine.ExitCode.USAGE;
    }

    @Command(name = "write", mixinStandardHelpOptions = true,
            description = "Writes the demo store: all three chunk sizes plus a manifest per day, zstd level 3. "
                    + "Events: earthquake 12 min after the start, one gap 42-45 min, harmonic tremor from 50 min "
                    + "for 35 min, smaller earthquakes every ~2.5 h from 2 h on.")
    static final class Write implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Store root folder (created).")
        Path out;

        @Option(names = "--stream", defaultValue = "XX.DEMO..HHZ", paramLabel = "NET.STA.LOC.CHA",
                description = "Stream code (default: ${DEFAULT-VALUE}).")
        String stream;

        @Option(names = "--start", defaultValue = "2024-01-01T00:00:00Z", paramLabel = "INSTANT",
                description = "First sample, UTC, on the 10 ms grid (default: ${DEFAULT-VALUE}).")
        Instant start;

        @Option(names = "--hours", defaultValue = "24", paramLabel = "N", description = "Hours to write (default: ${DEFAULT-VALUE}).")
        int hours;

        @Option(names = "--seed", defaultValue = "20240101", paramLabel = "N", description = "Seed of the signal (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws Exception {
            if (hours <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--hours must be positive");
            }
            PrintWriter out = spec.commandLine().getOut();
            DemoStoreWriter writer = new DemoStoreWriter().stream(StreamId.parse(stream)).start(start)
                    .length(Duration.ofHours(hours)).seed(seed);
            long began = System.nanoTime();
            List<DayManifest> days = writer.write(this.out);
            long files = 0;
            long bytes = 0;
            for (DayManifest day : days) {
                for (ChunkSize size : ChunkSize.values()) {
                    for (DayManifest.Chunk chunk : day.chunks(size)) {
                        files += chunk.hasData() ? 1 : 0;
                        bytes += chunk.bytes();
                    }
                }
            }
            out.printf("wrote %s %s .. %s to %s: %d day(s), %d chunk files, %.1f MB, in %.1f s%n", writer.stream(),
                    writer.start(), writer.end(), this.out, days.size(), files, bytes / 1e6,
                    (System.nanoTime() - began) / 1e9);
            for (DayManifest.Gap gap : writer.gaps()) {
                out.printf("  gap        %s .. %s%n", gap.start(), gap.end());
            }
            for (DemoSeismogram.Event event : writer.seismogram().events(Duration.ofHours(hours))) {
                out.printf("  %-10s %s .. %s  %s%n", event.kind(), event.start(), event.end(), event.description());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serves a store folder read-only on 127.0.0.1, or --bind ADDRESS (GET/HEAD), until Ctrl-C or SIGTERM.")
    static final class Serve implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Store root folder.")
        Path dir;

        @Option(names = "--port", defaultValue = "${env:PORT:-8081}", paramLabel = "PORT",
                description = "Port, 0 for any free one (default: the PORT environment variable, else 8081).")
        int port;

        @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
                description = "Address to listen on; 0.0.0.0 for every interface, as in its container image (default: ${DEFAULT-VALUE}).")
        InetAddress bind;

        @Option(names = "--ignore-ranges", description = "Answer every GET with the whole file, as an origin without"
                + " byte-range support does (to compare a fetcher asking only for a window's frames with one that"
                + " gets whole chunks).")
        boolean ignoreRanges;

        @Override
        public Integer call() throws Exception {
            ChunkStoreServer server = new ChunkStoreServer(dir, new InetSocketAddress(bind, port),
                    ignoreRanges ? List.of(ChunkStoreServer.Fault.ignoreRanges("")) : List.of());
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                stopped.countDown();
            }, "demo-origin-stop"));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("serving %s at %s (Ctrl-C stops)%n", server.root(), server.uri());
            out.flush();
            stopped.await();
            return 0;
        }
    }
}
