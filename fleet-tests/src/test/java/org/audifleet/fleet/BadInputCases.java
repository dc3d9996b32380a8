package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.audifleet.fleet.BadInputCorpusIntegrationTests.START;
import static org.audifleet.fleet.BadInputCorpusIntegrationTests.STREAM;
import static org.audifleet.fleet.BadInputCorpusIntegrationTests.TARGET_FROM;
import static org.audifleet.fleet.BadInputCorpusIntegrationTests.TARGET_TO;
import static org.audifleet.fleet.BadInputCorpusIntegrationTests.deadLetter;
import static org.audifleet.fleet.BadInputCorpusIntegrationTests.deadLetterOf;
import static org.audifleet.fleet.BadInputCorpusIntegrationTests.deadLettersNow;
import static org.audifleet.fleet.BadInputCorpusIntegrationTests.decode;
import static org.audifleet.fleet.BadInputCorpusIntegrationTests.header;
import static org.audifleet.fleet.BadInputCorpusIntegrationTests.play;
import static org.audifleet.fleet.BadInputCorpusIntegrationTests.produce;
import static org.audifleet.fleet.BadInputCorpusIntegrationTests.store;
import static org.audifleet.fleet.BadInputCorpusIntegrationTests.warnings;
import static org.audifleet.fleet.BadInputCorpusIntegrationTests.waveform;
import static org.audifleet.fleet.BadInputCorpusIntegrationTests.work;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.audifleet.chunkstore.ChunkSize;
import org.audifleet.chunkstore.ChunkStoreLayout;
import org.audifleet.fleet.BadInputCorpusIntegrationTests.Concurrent;
import org.audifleet.fleet.BadInputCorpusIntegrationTests.Faulted;
import org.audifleet.fleet.FaultyOrigin.Fault;
import org.audifleet.player.session.ExitCodes;
import org.audifleet.player.session.SessionStatusWatcher;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.PlaybackStatus;
import org.audifleet.wire.Topics;

/**
 * The cases of the bad-input corpus, each with its named outcome; {@link BadInputCorpusIntegrationTests} runs each
 * beside a concurrent session, and fleet-tests/README.md lists them in the same order.
 */
final class BadInputCases {

    private BadInputCases() {
    }

    /** What a case does to the fleet and what it asserts came of it; {@code session} is the concurrent one. */
    interface Check {
        void run(Concurrent session) throws Exception;
    }

    /** @param name the README table's first column */
    record Case(String name, Check check) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        origins(cases);
        records(cases);
        requests(cases);
        waveformHttp(cases);
        commandLines(cases);
        decodes(cases);
        return cases;
    }

    /** Origin faults, each through its own origin of {@link FaultyOrigin}, on chunk 1 of a 30 min session. */
    private static void origins(List<Case> cases) {
        cases.add(gap("origin-redirect-off-origin", Fault.REDIRECT_OFF_ORIGIN, 1, "the origin failed",
                "redirected to http://localhost:"));
        cases.add(exact("origin-redirect-within", Fault.REDIRECT_WITHIN, 1));
        cases.add(gap("origin-oversize-body", Fault.OVERSIZE, 1, "cap of"));
        cases.add(gap("origin-declared-oversize", Fault.DECLARED_OVERSIZE, 1, "declares Content-Length 1073741824"));
        cases.add(gap("origin-slow-drip", Fault.DRIP, 3, "timed out", "3 attempts"));
        cases.add(exact("origin-503-then-ok", Fault.UNAVAILABLE_TWICE, 3));
        cases.add(gap("origin-503-always", Fault.UNAVAILABLE, 3, "HTTP 503", "3 attempts"));
        cases.add(new Case("origin-429-retry-after", s -> {
            long started = System.nanoTime();
            exact("", Fault.TOO_MANY_REQUESTS, 2).check().run(s);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("waited Retry-After: 1")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }));
        cases.add(exact("origin-connection-reset", Fault.RESET, 2));
        cases.add(exact("origin-truncated-body", Fault.TRUNCATED, 2));
        cases.add(new Case("origin-garbage-bytes", s -> {
            Faulted f = Faulted.play(Fault.GARBAGE);
            f.assertTargetIsAGap();
            ConsumerRecord<String, byte[]> dead = deadLetter(Topics.CHUNKS_RAW,
                    r -> r.key().equals(f.played().report().sessionId().toString()));
            assertThat(header(dead, "audifleet-defect")).contains("zstd").contains("chunk 1 of session");
        }));
        cases.add(new Case("origin-half-zstd-frame", s -> {
            Faulted f = Faulted.play(Fault.HALF_FRAME);
            f.played().assertIsTheOrigin(BadInputCorpusIntegrationTests.origin, 0, TARGET_FROM, 0, 0, START);
            f.played().assertIsTheOrigin(BadInputCorpusIntegrationTests.origin, TARGET_TO, 180_000, 0, 0, START);
            for (int i = TARGET_FROM; i < TARGET_TO; i++) {
                if (f.played().audio()[i] != 0f) {
                    assertThat(f.played().counts(i)).as("salvaged sample %d", i)
                            .isEqualTo(BadInputCorpusIntegrationTests.origin[i]);
                }
            }
            assertThat(f.played().report().gapSamples()).isPositive();
            ConsumerRecord<String, byte[]> dead = deadLetter(Topics.CHUNKS_RAW,
                    r -> r.key().equals(f.played().report().sessionId().toString()));
            assertThat(header(dead, "audifleet-defect")).contains("zstd").contains("chunk 1 of session");
        }));
        cases.add(gap("origin-404-chunk", Fault.NOT_FOUND, 1, "the origin has no data there"));
        cases.add(new Case("origin-zstd-bomb", s -> {
            Faulted f = Faulted.play(Fault.BOMB);
            f.assertTargetIsZeros();
            ConsumerRecord<String, byte[]> dead = deadLetter(Topics.CHUNKS_RAW, r -> r.key().equals(f.sessionKey()));
            assertThat(header(dead, "audifleet-defect")).startsWith("decoded-size-exceeds-window: the zstd frame holds"
                    + " more than the chunk's 60000 samples (reading stopped at byte 240000 of the decompressed"
                    + " stream); the window's 60000 samples played (chunk 1 of session " + f.sessionKey()
                    + ", origin bomb, from " + BadInputCorpusIntegrationTests.faulty.uri(Fault.BOMB))
                    .endsWith(FaultyOrigin.TARGET + ")");
            assertThat(deadLettersNow(Topics.CHUNKS_RAW, r -> r.key().equals(f.sessionKey()))).as("dead letters")
                    .hasSize(1);
            assertThat(warnings(f.sessionKey())).singleElement().asString().contains("chunk defect at chunks.raw-")
                    .contains("grid sample 60000: decoded-size-exceeds-window");
        }));
        cases.add(new Case("origin-zeros-of-its-grid", s -> {
            Faulted f = Faulted.play(Fault.ZEROS_OF_ITS_GRID);
            f.assertTargetIsZeros();
            // Its blocks and any dead letter of it are one decoder transaction, committed before the station had them.
            assertThat(deadLettersNow(Topics.CHUNKS_RAW, r -> r.key().equals(f.sessionKey()))).as("dead letters")
                    .isEmpty();
            assertThat(warnings(f.sessionKey())).as("WARN lines").isEmpty();
        }));
    }

    /** The fault was retried or followed away: every sample exact, after {@code requests} of the chunk. */
    private static Case exact(String name, Fault fault, int requests) {
        return new Case(name, s -> {
            Faulted.play(fault).assertExact();
            assertThat(BadInputCorpusIntegrationTests.faulty.targetRequests(fault)).as("requests").isEqualTo(requests);
        });
    }

    /** Chunk 1 is a gap after {@code requests} of it, and the station's line about it holds {@code told}. */
    private static Case gap(String name, Fault fault, int requests, String... told) {
        return new Case(name, s -> {
            Faulted f = Faulted.play(fault);
            f.assertTargetIsAGap();
            assertThat(f.gapNotice()).contains(told);
            assertThat(BadInputCorpusIntegrationTests.faulty.targetRequests(fault)).as("requests").isEqualTo(requests);
        });
    }

    /** Records no producer of the fleet writes, keyed by the concurrent session so they land on its partitions. */
    private static void records(List<Case> cases) {
        byte[] random = new byte[200];
        new Random(9).nextBytes(random);
        for (var poison : List.of(new Poison("empty", new byte[0], "shorter than"),
                new Poison("random", random, "magic is not AFPB"),
                new Poison("wrong-version", withByte(sampleBlock(), 4, 9), "version 9"),
                new Poison("truncated", Arrays.copyOf(sampleBlock(), sampleBlock().length / 2), "truncated"))) {
            cases.add(new Case("audio.pcm-" + poison.name, s -> {
                RecordMetadata sent = produce(Topics.AUDIO_PCM, s.key(), poison.value);
                PlayedSession played = s.join();
                assertThat(played.report().recordsSkipped()).isEqualTo(1);
                assertThat(s.notices).singleElement().asString().startsWith("skipped record audio.pcm-"
                        + sent.partition() + " offset " + sent.offset() + ": ").contains(poison.why);
                assertThat(header(deadLetterOf(sent), "audifleet-defect")).as("the waveform service's dead letter")
                        .startsWith("failed to deserialize");
            }));
        }
        for (var poison : List.of(new Poison("empty", new byte[0], ""), new Poison("random", random, ""),
                new Poison("truncated", Arrays.copyOf(random, 7), ""))) {
            cases.add(new Case("chunks.raw-" + poison.name, s -> {
                RecordMetadata sent = produce(Topics.CHUNKS_RAW, s.key(), poison.value);
                ConsumerRecord<String, byte[]> dead = deadLetterOf(sent);
                assertThat(header(dead, "audifleet-defect")).startsWith("failed to deserialize").contains("ChunkRecord");
                assertThat(header(dead, "kafka_dlt-original-consumer-group")).isEqualTo("audifleet-decoder");
            }));
        }
        for (var poison : List.of(new Poison("empty", new byte[0], ""), new Poison("random", random, ""),
                new Poison("wrong-version", withByte(request("demo", START, Duration.ofMinutes(10)).encode(), 4, 9),
                        ""))) {
            cases.add(new Case("playback.requests-" + poison.name, s -> {
                // Keyed by a session id, as stations key requests: that session hears BAD_REQUEST.
                UUID session = UUID.randomUUID();
                RecordMetadata[] sent = new RecordMetadata[1];
                PlaybackStatus.Rejected rejected = rejection(session, () -> sent[0] = produce(Topics.PLAYBACK_REQUESTS,
                        session.toString(), poison.value));
                ConsumerRecord<String, byte[]> dead = deadLetterOf(sent[0]);
                assertThat(header(dead, "audifleet-defect")).startsWith("failed to deserialize")
                        .contains("PlaybackRequest");
                assertThat(header(dead, "kafka_dlt-original-consumer-group")).isEqualTo("audifleet-fetcher");
                assertThat(rejected.reason()).isEqualTo(PlaybackStatus.Reason.BAD_REQUEST);
                assertThat(rejected.text()).isEqualTo("the request record does not deserialize: "
                        + header(dead, "audifleet-defect"));
            }));
        }
        for (var poison : List.of(new Poison("empty", new byte[0], ""), new Poison("random", random, ""))) {
            cases.add(new Case("playback.status-" + poison.name, s -> {
                RecordMetadata sent = produce(Topics.PLAYBACK_STATUS, s.key(), poison.value);
                PlayedSession played = s.join();
                assertThat(played.report().recordsSkipped()).isEqualTo(1);
                assertThat(s.notices).singleElement().asString().startsWith("skipped record playback.status-"
                        + sent.partition() + " offset " + sent.offset() + ": ");
            }));
        }
        for (var poison : List.of(new Poison("empty", new byte[0], ""), new Poison("random", random, ""))) {
            cases.add(new Case("playback.controls-" + poison.name, s -> {
                BadInputCorpusIntegrationTests.Daemon daemon = BadInputCorpusIntegrationTests.Daemon.running();
                RecordMetadata sent = produce(Topics.PLAYBACK_CONTROLS, "corpus", poison.value);
                assertThat(daemon.awaitLine(daemon.err, "skipped record playback.controls-" + sent.partition()
                        + " offset " + sent.offset())).contains(", not a PlaybackControl: ");
                assertThat(daemon.process.isAlive()).as("the daemon goes on").isTrue();
            }));
        }
    }

    private record Poison(String name, byte[] value, String why) {
    }

    private static byte[] sampleBlock() {
        return new PcmBlock(UUID.randomUUID(), STREAM, 0, 1, 0, true, PcmBlock.Kind.SAMPLES, Micros.of(START), 100.0,
                3, 3, new int[] {1, 2, 3}).encode();
    }

    private static byte[] withByte(byte[] bytes, int index, int value) {
        byte[] copy = bytes.clone();
        copy[index] = (byte) value;
        return copy;
    }

    static PlaybackRequest request(String origin, Instant start, Duration length) {
        return new PlaybackRequest(UUID.randomUUID(), origin, STREAM, Micros.of(start), Micros.of(start.plus(length)),
                Micros.now());
    }

    /** Requests the fetcher must refuse, sent as the station would (or through the station's own CLI). */
    private static void requests(List<Case> cases) {
        cases.add(new Case("request-unknown-origin", s -> {
            StationRun run = play("--origin", "nowhere", "--duration", "10m");
            assertThat(run.exitCode()).isEqualTo(ExitCodes.NO_AUDIO);
            assertThat(run.stationErrLines()).singleElement().asString()
                    .startsWith("player-agent: the fetcher rejected the request (UNKNOWN_ORIGIN): unknown origin");
        }));
        cases.add(new Case("request-window-too-long", s -> assertRejected(request("demo", START, Duration.ofHours(25)),
                PlaybackStatus.Reason.WINDOW_TOO_LONG, "window too long: 25 h")));
        cases.add(new Case("request-end-year-9999", s -> assertThat(assertRejected(new PlaybackRequest(
                UUID.randomUUID(), "demo", STREAM, Micros.of(START), Micros.of(Instant.parse("9999-12-31T23:59:59Z")),
                Micros.now()), PlaybackStatus.Reason.WINDOW_TOO_LONG, "window too long: ").text())
                .contains("to 9999-12-31T23:59:59Z) is more than this fetcher's limit of 24 h")));
        // end - start overflows a long: read as -1 µs it once passed the window limit.
        cases.add(new Case("request-overflowing-window", s -> assertThat(assertRejected(new PlaybackRequest(
                UUID.randomUUID(), "demo", STREAM, Long.MIN_VALUE, Long.MAX_VALUE, Micros.now()),
                PlaybackStatus.Reason.WINDOW_TOO_LONG, "window too long: ").text()).contains("limit of 24 h")));
        cases.add(new Case("request-outside-data", s -> assertRejected(request("demo",
                Instant.parse("2024-02-01T00:00:00Z"), Duration.ofMinutes(30)), PlaybackStatus.Reason.WINDOW_OUTSIDE_DATA,
                "window outside the data: origin demo has no manifest of XX.DEMO..HHZ for 2024-02-01")));
        // 00:00:00.002 to .007 holds no sample of the 100 Hz grid.
        cases.add(new Case("request-shorter-than-a-sample", s -> assertRejected(request("demo", START.plusMillis(2),
                Duration.ofMillis(5)), PlaybackStatus.Reason.BAD_REQUEST, "")));
        planning(cases);
        cases.add(new Case("request-no-data", s -> {
            StationRun run = play("--origin", "demo", "--start", START.plus(Duration.ofHours(5)).toString(),
                    "--duration", "20m");
            assertThat(run.exitCode()).isEqualTo(ExitCodes.NO_AUDIO);
            assertThat(run.stationErrLines()).last().asString().startsWith("player-agent: no data");
        }));
    }

    /**
     * Requests whose planning fails or passes the fetcher's deadline (its default 10 s), each through its own
     * origin of {@link FaultyOrigin} whose manifests misbehave.
     */
    private static void planning(List<Case> cases) {
        cases.add(new Case("planning-manifest-garbage", s -> {
            assertRejected(request(Fault.MANIFEST_GARBAGE.origin(), START,
                    Duration.ofMinutes(30)), PlaybackStatus.Reason.PLANNING_FAILED, "planning failed: origin "
                    + "manifest-garbage: manifest " + manifestUrl(Fault.MANIFEST_GARBAGE) + " is unreadable: ");
            assertThat(BadInputCorpusIntegrationTests.faulty.targetRequests(Fault.MANIFEST_GARBAGE)).as("requests")
                    .isEqualTo(1);
        }));
        cases.add(new Case("planning-manifest-oversize", s -> {
            assertRejected(request(Fault.MANIFEST_OVERSIZE.origin(), START, Duration.ofMinutes(30)),
                    PlaybackStatus.Reason.PLANNING_FAILED, "planning failed: origin manifest-oversize: GET "
                            + manifestUrl(Fault.MANIFEST_OVERSIZE) + " refused: body over its cap of 1048576 bytes");
            assertThat(BadInputCorpusIntegrationTests.faulty.targetRequests(Fault.MANIFEST_OVERSIZE)).as("requests")
                    .isEqualTo(1);
        }));
        cases.add(new Case("planning-origin-unreachable", s -> assertRejected(request(Fault.UNREACHABLE.origin(),
                START, Duration.ofMinutes(30)), PlaybackStatus.Reason.PLANNING_FAILED, "planning failed: origin "
                + "unreachable: GET " + manifestUrl(Fault.UNREACHABLE)
                + " failed after 3 attempts: ConnectException")));
        cases.add(new Case("planning-too-slow", s -> {
            long sent = System.nanoTime();
            assertRejected(request(Fault.MANIFEST_SLOW.origin(), START, Duration.ofMinutes(30)),
                    PlaybackStatus.Reason.PLANNING_TOO_SLOW, "planning took longer than 10 s"
                            + " (audifleet.fetch.max-planning-time): origin 'manifest-slow' had not answered for "
                            + STREAM + " " + START);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("answered at the deadline, not the origin's")
                    .isLessThan(FaultyOrigin.SLOW_MANIFEST);
        }));
    }

    private static String manifestUrl(Fault fault) {
        return BadInputCorpusIntegrationTests.faulty.uri(fault) + ChunkStoreLayout.manifestPath(STREAM,
                LocalDate.ofInstant(START, ZoneOffset.UTC));
    }

    /**
     * Sends the request with a status watcher open, as the station does: the fetcher answers REJECTED with the
     * reason, and dead-letters the request with the same text.
     */
    private static PlaybackStatus.Rejected assertRejected(PlaybackRequest request, PlaybackStatus.Reason reason,
            String text) throws Exception {
        PlaybackStatus.Rejected rejected = rejection(request.sessionId(), () -> produce(Topics.PLAYBACK_REQUESTS,
                request.sessionId().toString(), request.encode()));
        assertThat(rejected.reason()).as(rejected.text()).isEqualTo(reason);
        assertThat(rejected.text()).startsWith(text);
        ConsumerRecord<String, byte[]> dead = deadLetter(Topics.PLAYBACK_REQUESTS,
                r -> r.key().equals(request.sessionId().toString()));
        assertThat(header(dead, "audifleet-defect")).isEqualTo(rejected.text());
        assertThat(header(dead, "kafka_dlt-exception-message")).endsWith(rejected.text());
        return rejected;
    }

    interface Send {
        void send() throws Exception;
    }

    /** The REJECTED the session hears on playback.status after {@code send}, its watcher open first. */
    private static PlaybackStatus.Rejected rejection(UUID session, Send send) throws Exception {
        BlockingQueue<PlaybackStatus.Rejected> answers = new LinkedBlockingQueue<>();
        try (SessionStatusWatcher watcher = SessionStatusWatcher.open(watcherConfig(), session,
                new SessionStatusWatcher.Listener() {
                    @Override
                    public void rejected(PlaybackStatus.Rejected rejection) {
                        answers.add(rejection);
                    }
                })) {
            send.send();
            // The slowest answer is planning-too-slow's, at the fetcher's 10 s deadline.
            PlaybackStatus.Rejected rejected = answers.poll(30, TimeUnit.SECONDS);
            assertThat(rejected).as("REJECTED on playback.status").isNotNull();
            return rejected;
        }
    }

    private static Properties watcherConfig() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BadInputCorpusIntegrationTests.broker.getBrokersAsString());
        return c;
    }

    /** Waveform HTTP requests over a budget or malformed, for the concurrent session while it plays. */
    private static void waveformHttp(List<Case> cases) {
        httpCase(cases, "waveform-too-many-pixels", s -> "/sessions/" + s.key()
                + "/waveform.png?width=16000&height=16000", 400, "pixels is over the image budget");
        httpCase(cases, "waveform-zero-width", s -> "/sessions/" + s.key() + "/waveform.png?width=0", 400,
                "width and height must be 1..");
        httpCase(cases, "waveform-zoom-not-kept", s -> "/sessions/" + s.key() + "/waveform.dat?zoom=300", 400,
                "zoom 300 is not kept");
        httpCase(cases, "waveform-bits-12", s -> "/sessions/" + s.key() + "/waveform.json?bits=12", 400,
                "bits must be 8 or 16");
        httpCase(cases, "waveform-rate-0", s -> "/sessions/" + s.key() + "/waveform.dat?rate=0", 400,
                "rate must be at least 1 Hz");
        httpCase(cases, "waveform-unknown-session", s -> "/sessions/" + UUID.randomUUID() + "/waveform.dat", 404,
                "");
        httpCase(cases, "waveform-not-a-session-id", s -> "/sessions/not-a-uuid/waveform.dat", 400, "");
    }

    interface PathOf {
        String path(Concurrent session);
    }

    private static void httpCase(List<Case> cases, String name, PathOf path, int status, String body) {
        cases.add(new Case(name, s -> {
            var r = waveform(path.path(s));
            assertThat(r.statusCode()).as("%s: %s", path.path(s), r.body()).isEqualTo(status);
            assertThat(r.body()).contains(body);
        }));
    }

    /** Bad station command lines: exit 2 and one line naming the option and value, before anything is opened. */
    private static void commandLines(List<Case> cases) {
        cliCase(cases, "cli-speed-0", "'0' is not a speed", "--origin", "demo", "--speed", "0");
        cliCase(cases, "cli-speed-nan", "'NaN' is not a speed", "--origin", "demo", "--speed", "NaN");
        cliCase(cases, "cli-volume-99", "'99' is not a volume", "--origin", "demo", "--volume", "99");
        cliCase(cases, "cli-duration-0", "'0s' is not a length longer than zero", "--origin", "demo", "--duration",
                "0s");
        cliCase(cases, "cli-duration-25h", "is longer than --max-duration", "--origin", "demo", "--duration", "25h");
        cliCase(cases, "cli-start-garbage", "is not a UTC time", "--origin", "demo", "--start", "yesterday");
    }

    private static void cliCase(List<Case> cases, String name, String line, String... options) {
        cases.add(new Case(name, s -> {
            StationRun run = play(options);
            assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err().lines().toList()).singleElement().asString().contains(line);
        }));
    }

    /** bin/decode's command on files that are not what they claim, each in its own JVM. */
    private static void decodes(List<Case> cases) {
        cases.add(new Case("decode-random-bytes", s -> {
            Path file = work.resolve("random.mseed");
            byte[] random = new byte[4096];
            new Random(3).nextBytes(random);
            Files.write(file, random);
            assertDecodeFails(file, "byte offset 0");
        }));
        cases.add(new Case("decode-empty-file", s -> {
            Path file = Files.write(work.resolve("empty.mseed"), new byte[0]);
            assertDecodeFails(file, "");
        }));
        cases.add(new Case("decode-half-chunk", s -> {
            // A chunk file cut in half beside its manifest, as a damaged store would hold it.
            Path copy = work.resolve("half-store");
            Path chunk = Path.of(ChunkStoreLayout.chunkPath(STREAM, START, ChunkSize.TEN_MINUTES));
            Files.createDirectories(copy.resolve(chunk).getParent());
            byte[] bytes = Files.readAllBytes(store.resolve(chunk));
            Files.write(copy.resolve(chunk), Arrays.copyOf(bytes, bytes.length / 2));
            Path manifest = chunk.getParent().resolve("manifest.json");
            Files.copy(store.resolve(manifest), copy.resolve(manifest));
            assertDecodeFails(copy.resolve(chunk), "zstd");
        }));
    }

    private static void assertDecodeFails(Path file, String reason) throws Exception {
        StationRun run = decode(file);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().lines().toList()).singleElement().asString().startsWith("decode: " + file)
                .contains(reason);
    }
}
