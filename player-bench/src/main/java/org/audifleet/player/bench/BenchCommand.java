package org.audifleet.player.bench;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.audifleet.player.cli.DurationConverter;
import org.audifleet.player.engine.PlaybackEngine;
import org.audifleet.player.session.ExitCodes;
import org.audifleet.player.session.FleetException;
import org.audifleet.player.session.SessionReport;
import org.audifleet.player.session.StationSession;
import org.audifleet.player.output.NullOutput;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.StreamId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures time to first audio (request sent -> first sample written to the output) over many"
            + " sessions against running services, one origin after another, and prints p50/p95/p99 per origin."
            + " Sessions play into a null output that consumes at device speed, one at a time, each from a"
            + " different start so no cache answers twice.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--origins", split = ",", required = true, paramLabel = "NAME[,NAME...]",
            description = "Origins to compare, e.g. demo-10m,demo-1h,demo-6h (one chunk size each).")
    List<String> origins;

    @Mixin
    SessionWindows windows;

    @Option(names = "--sessions", defaultValue = "20", description = "Sessions per origin (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--warm-up", defaultValue = "10", description = "Unrecorded sessions first (default: ${DEFAULT-VALUE}).")
    int warmUp;

    @Option(names = "--bootstrap", defaultValue = "${env:AUDIFLEET_KAFKA_BOOTSTRAP:-127.0.0.1:9092}",
            paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Override
    public Integer call() throws Exception {
        StreamId streamId = StreamId.parse(windows.stream);
        System.out.printf("%-12s %8s %8s %8s %8s %8s   (ms, %d sessions of %s each)%n", "origin", "min", "p50", "p95",
                "p99", "max", sessions, DurationConverter.text(windows.duration));
        Map<String, Map<String, double[]>> breakdowns = new LinkedHashMap<>();
        for (String origin : origins) {
            double[] ttfa = new double[sessions];
            Map<String, double[]> hops = new LinkedHashMap<>();
            for (int i = -warmUp; i < sessions; i++) {
                Instant from = windows.startOf(Math.floorMod(i, Math.max(1, sessions)));
                Map<String, Double> hopMs = new LinkedHashMap<>();
                double ms = session(origin, streamId, from, hopMs);
                if (i >= 0) {
                    ttfa[i] = ms;
                    int at = i;
                    hopMs.forEach((hop, v) -> hops.computeIfAbsent(hop, h -> new double[sessions])[at] = v);
                }
            }
            Arrays.sort(ttfa);
            System.out.printf("%-12s %8.1f %8.1f %8.1f %8.1f %8.1f%n", origin, ttfa[0], percentile(ttfa, 50),
                    percentile(ttfa, 95), percentile(ttfa, 99), ttfa[ttfa.length - 1]);
            breakdowns.put(origin, hops);
        }
        System.out.println();
        System.out.println("median ms spent in each hop, up to the session's first block and its first audio:");
        System.out.printf("%-34s", "hop (ends when ...)");
        origins.forEach(o -> System.out.printf(" %10s", o));
        System.out.println();
        for (String hop : breakdowns.get(origins.get(0)).keySet()) {
            System.out.printf("%-34s", hop);
            for (String origin : origins) {
                double[] v = breakdowns.get(origin).getOrDefault(hop, new double[] {Double.NaN}).clone();
                Arrays.sort(v);
                System.out.printf(" %10.1f", percentile(v, 50));
            }
            System.out.println();
        }
        return ExitCodes.OK;
    }

    /** Plays one session; returns its time to first audio and fills {@code hopMs} with the time of each hop. */
    private double session(String origin, StreamId stream, Instant from, Map<String, Double> hopMs) throws Exception {
        PlaybackRequest request = new PlaybackRequest(UUID.randomUUID(), origin, stream, Micros.of(from),
                Micros.of(from.plus(windows.duration)), Micros.now());
        try (StationSession session = StationSession.of(bootstrap, request).open(format -> new NullOutput(true))) {
            session.start();
            SessionReport report = session.play();
            PlaybackEngine engine = session.engine();
            // Every block may have arrived before the render thread wrote its first period.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (engine.stats().firstAudioNanos().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            long first = engine.stats().firstAudioNanos().orElseThrow(() -> new FleetException(ExitCodes.NO_AUDIO,
                    "session played no audio within 10 s of its last block"));
            hopMs.putAll(report.hopMillis(first));
            return (first - report.requestSentNanos()) / 1e6;
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
