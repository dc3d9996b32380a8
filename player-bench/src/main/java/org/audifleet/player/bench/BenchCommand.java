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

    @Option(names = "--concurrent", defaultValue = "0", paramLabel = "N",
            description = "After the sessions one at a time, --rounds rounds of N sessions requested at the same"
                + " instant, from the first origin (default: ${DEFAULT-VALUE}: none).")
    int concurrent;

    @Option(names = "--rounds", defaultValue = "2", description = "Rounds of --concurrent sessions (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--floor", defaultValue = "0", paramLabel = "SAMPLES",
            description = "Also measure one Kafka hop on the same broker (1 KB, acks=all, assigned consumer) this many"
                + " times, the floor under each of the fleet's three hops (default: ${DEFAULT-VALUE}: not measured).")
    int floorSamples;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as a bin/bench part's JSON.")
    java.nio.file.Path json;

    @Option(names = "--part", defaultValue = "ttfa", description = "The part's name in --json (default: ${DEFAULT-VALUE}).")
    String part;

    @Option(names = "--bootstrap", defaultValue = "${env:AUDIFLEET_KAFKA_BOOTSTRAP:-127.0.0.1:9092}",
            paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Override
    public Integer call() throws Exception {
        if (sessions < 1 || warmUp < 0 || concurrent < 0 || rounds < 1 || floorSamples < 0) {
            System.err.println("player-bench bench: --sessions and --rounds must be at least 1, --warm-up,"
                    + " --concurrent and --floor at least 0");
            return ExitCodes.USAGE;
        }
        StreamId streamId = StreamId.parse(windows.stream);
        double[] floor = floorSamples > 0 ? KafkaFloor.measure(bootstrap, floorSamples) : null;
        if (floor != null) {
            System.out.printf("one Kafka hop on this broker (1 KB, acks=all): p50 %.1f ms, p99 %.1f ms over %d%n%n",
                    percentile(floor, 50), percentile(floor, 99), floor.length);
        }
        Map<String, double[]> sorted = new LinkedHashMap<>();
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
            sorted.put(origin, ttfa);
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
        double[] together = null;
        long underruns = 0;
        int failed = 0;
        if (concurrent > 0) {
            List<Double> firsts = new java.util.ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                List<java.time.Instant> starts = new java.util.ArrayList<>();
                for (int i = 0; i < concurrent; i++) {
                    starts.add(windows.startOf(sessions + (long) round * concurrent + i));
                }
                for (ConcurrentSessions.Outcome o : ConcurrentSessions.run(bootstrap, origins.get(0), streamId,
                        starts, windows.duration)) {
                    if (o.failure() != null || Double.isNaN(o.firstAudioMs())) {
                        failed++;
                        System.err.println("player-bench bench: a concurrent session failed: " + o.failure());
                    } else {
                        firsts.add(o.firstAudioMs());
                    }
                    underruns += o.underruns();
                }
            }
            together = firsts.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.println();
            System.out.printf("%d sessions requested at the same instant (%d rounds), origin %s: first audio p50 %.1f"
                    + " ms, p99 %.1f ms, max %.1f ms; underruns %d; failed %d%n", concurrent, rounds, origins.get(0),
                    percentile(together, 50), percentile(together, 99), together[together.length - 1], underruns,
                    failed);
        }
        if (json != null) {
            writeJson(sorted, floor, together, underruns, failed);
        }
        return ExitCodes.OK;
    }

    /** The figures as bin/bench's part JSON: each against the floor of three Kafka hops or the unloaded fleet. */
    private void writeJson(Map<String, double[]> sorted, double[] floor, double[] together, long underruns, int failed)
            throws java.io.IOException {
        double floorP50 = floor == null ? Double.NaN : 3 * percentile(floor, 50);
        double floorP99 = floor == null ? Double.NaN : 3 * percentile(floor, 99);
        String floorName = floor == null ? null : "3 x one Kafka hop on the same broker, measured in this run";
        String each = sessions + " sessions of " + DurationConverter.text(windows.duration) + " after " + warmUp
                + " warm-up; time: request sent -> first sample written to a null output paced like a device";
        BenchPart out;
        if (concurrent == 0) {
            out = new BenchPart(part, "Time to first audio, warm fleet, one session at a time, per chunk size");
            for (Map.Entry<String, double[]> e : sorted.entrySet()) {
                out.time("first audio p50, origin " + e.getKey(), "ms", percentile(e.getValue(), 50), floorP50,
                        floorName, 50, each);
                out.time("first audio p99, origin " + e.getKey(), "ms", percentile(e.getValue(), 99), floorP99,
                        floorName, 150, each);
            }
        } else {
            double[] alone = sorted.get(origins.get(0));
            String name = "the same fleet, one session at a time (" + sessions + " sessions)";
            String note = rounds + " rounds of " + concurrent + " sessions requested at one instant, origin "
                    + origins.get(0) + ", each " + DurationConverter.text(windows.duration) + (failed > 0 ? "; "
                    + failed + " failed" : "");
            out = new BenchPart(part, concurrent + " sessions requested at the same instant");
            out.time("first audio p50, " + concurrent + " at once", "ms", percentile(together, 50),
                    percentile(alone, 50), name, Double.NaN, note);
            out.time("first audio p99, " + concurrent + " at once", "ms", percentile(together, 99),
                    percentile(alone, 99), name, 1000, note);
            out.time("first audio max, " + concurrent + " at once", "ms", together[together.length - 1],
                    alone[alone.length - 1], name, Double.NaN, note);
            out.time("underruns, all " + concurrent * rounds + " sessions", "periods", underruns, Double.NaN, null,
                    0, "null outputs paced like a device, counted from each session's first audio");
        }
        if (floor != null) {
            out.note(String.format(java.util.Locale.ROOT, "one Kafka hop on this broker: p50 %.2f ms, p99 %.2f ms"
                    + " over %d (1 KB, acks=all, idempotent, linger 0, assigned consumer)", percentile(floor, 50),
                    percentile(floor, 99), floor.length));
        }
        try {
            out.note("load average at the end (1, 5, 15 min): " + String.join(" ", java.util.Arrays.copyOf(
                    java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split(" "), 3)));
        } catch (java.io.IOException e) {
            out.note("load average unknown: " + e.getMessage());
        }
        out.write(json);
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
