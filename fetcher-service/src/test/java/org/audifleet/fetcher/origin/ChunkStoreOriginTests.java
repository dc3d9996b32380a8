package org.audifleet.fetcher.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.audifleet.chunkstore.ChunkFile;
import org.audifleet.chunkstore.ChunkSize;
import org.audifleet.chunkstore.ChunkStoreLayout;
import org.audifleet.chunkstore.DayManifest;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.Test;

class ChunkStoreOriginTests {

    private static final StreamId DEMO = StreamId.parse("XX.DEMO..HHZ");
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    /** Serves one day's manifest and counts what is asked for. */
    private static final class CountingTransport implements Transport {
        final List<String> asked = new ArrayList<>();
        final List<Long> caps = new ArrayList<>();

        @Override
        public Optional<byte[]> get(String relativePath, long maxBytes) {
            asked.add(relativePath);
            caps.add(maxBytes);
            if (!relativePath.equals(ChunkStoreLayout.manifestPath(DEMO, LocalDate.of(2024, 1, 1)))) {
                return Optional.empty();
            }
            DayManifest.Chunk chunk = new DayManifest.Chunk(T0, T0.plus(Duration.ofMinutes(10)),
                    new ChunkFile.Name(DEMO, T0, ChunkSize.TEN_MINUTES).toString(), 60_000, -7, 9, List.of(), 100);
            return Optional.of(new DayManifest(DEMO, LocalDate.of(2024, 1, 1), 100.0, DayManifest.ENCODING,
                    Map.of(ChunkSize.TEN_MINUTES, List.of(chunk))).toJson());
        }

        @Override
        public String describe(String relativePath) {
            return "test:" + relativePath;
        }
    }

    private static PlaybackRequest tenMinutes() {
        return new PlaybackRequest(UUID.randomUUID(), "demo", DEMO, Micros.of(T0),
                Micros.of(T0.plus(Duration.ofMinutes(10))), 0);
    }

    @Test
    void aDaysManifestIsFetchedOnceForThirtySeconds() throws OriginException {
        CountingTransport transport = new CountingTransport();
        AtomicLong nanos = new AtomicLong();
        ChunkStoreOrigin origin = new ChunkStoreOrigin("demo", transport, "10m", 4, nanos::get);

        Origin.SessionPlan first = origin.plan(tenMinutes());
        nanos.addAndGet(ChunkStoreOrigin.MANIFEST_TTL.toNanos() - 1);
        origin.plan(tenMinutes());
        assertThat(transport.asked).hasSize(1);
        assertThat(first.peakCounts()).isEqualTo(9);
        assertThat(first.chunks()).singleElement().satisfies(c -> assertThat(c.path()).isNotNull());

        nanos.addAndGet(1);
        origin.plan(tenMinutes());
        assertThat(transport.asked).hasSize(2);
    }

    @Test
    void sessionsAskingForAChunkBeingDownloadedShareThatDownloadAndTheNextAsksAgain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch asked = new CountDownLatch(1);
        AtomicInteger downloads = new AtomicInteger();
        CountingTransport days = new CountingTransport();
        Transport transport = new Transport() {
            @Override
            public Optional<byte[]> get(String relativePath, long maxBytes) throws OriginException {
                if (relativePath.endsWith("manifest.json")) {
                    synchronized (days) {
                        return days.get(relativePath, maxBytes);
                    }
                }
                downloads.incrementAndGet();
                asked.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new OriginException("interrupted", e);
                }
                return Optional.of(new byte[] {1, 2, 3});
            }

            @Override
            public String describe(String relativePath) {
                return days.describe(relativePath);
            }
        };
        ChunkStoreOrigin origin = new ChunkStoreOrigin("demo", transport, "10m", 4, () -> 0L);
        PlannedFetch chunk = origin.plan(tenMinutes()).chunks().get(0);
        ExecutorService sessions = Executors.newFixedThreadPool(5);
        try {
            List<Future<Optional<byte[]>>> fetched = new ArrayList<>();
            fetched.add(sessions.submit(() -> origin.fetch(chunk)));
            assertThat(asked.await(20, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 4; i++) {
                fetched.add(sessions.submit(() -> origin.fetch(chunk)));
            }
            Thread.sleep(100);
            release.countDown();
            for (Future<Optional<byte[]>> f : fetched) {
                assertThat(f.get(20, TimeUnit.SECONDS)).hasValueSatisfying(p -> assertThat(p).containsExactly(1, 2, 3));
            }
            assertThat(downloads).as("five sessions, one download").hasValue(1);
            origin.fetch(chunk);
            assertThat(downloads).as("not kept once done").hasValue(2);
        } finally {
            sessions.shutdownNow();
        }
    }

    @Test
    void aDayWithoutManifestIsRememberedToo() throws OriginException {
        CountingTransport transport = new CountingTransport();
        ChunkStoreOrigin origin = new ChunkStoreOrigin("demo", transport, "auto", 4, () -> 0L);
        PlaybackRequest nextDay = new PlaybackRequest(UUID.randomUUID(), "demo", DEMO,
                Micros.of(T0.plus(Duration.ofDays(1))), Micros.of(T0.plus(Duration.ofDays(1)).plusSeconds(60)), 0);
        // A window with no manifest on any of its days is refused as outside the data (SessionAdmission answers it).
        assertThatThrownBy(() -> origin.plan(nextDay)).isInstanceOf(OriginRefusedException.class);
        assertThatThrownBy(() -> origin.plan(nextDay)).isInstanceOf(OriginRefusedException.class);
        assertThat(transport.asked).containsExactly("2024/01/02/XX/DEMO/--/HHZ/manifest.json");
    }

    @Test
    void theDaysOfAWindowAreAskedForAtOnceUpToTheOriginsLimit() throws Exception {
        // Each manifest request waits until two are in flight: one after the other, planning would never finish.
        CyclicBarrier bothInFlight = new CyclicBarrier(2);
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        CountingTransport days = new CountingTransport();
        Transport transport = new Transport() {
            @Override
            public Optional<byte[]> get(String relativePath, long maxBytes) throws OriginException {
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                try {
                    if (!relativePath.contains("2024/01/03")) {
                        bothInFlight.await(20, TimeUnit.SECONDS);
                    }
                    synchronized (days) {
                        return days.get(relativePath, maxBytes);
                    }
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    throw new OriginException("not asked concurrently: " + e, e);
                } finally {
                    inFlight.decrementAndGet();
                }
            }

            @Override
            public String describe(String relativePath) {
                return days.describe(relativePath);
            }
        };
        ChunkStoreOrigin origin = new ChunkStoreOrigin("demo", transport, "auto", 2, () -> 0L);
        PlaybackRequest threeDays = new PlaybackRequest(UUID.randomUUID(), "demo", DEMO, Micros.of(T0),
                Micros.of(T0.plus(Duration.ofDays(2)).plusSeconds(60)), 0);

        assertThat(origin.plan(threeDays).chunks()).isNotEmpty();
        assertThat(mostInFlight).as("the origin's limit of 2").hasValue(2);
        assertThat(days.asked).hasSize(3);
        origin.plan(threeDays);
        assertThat(days.asked).as("all three days cached").hasSize(3);
    }

    @Test
    void aManifestTheOriginFailedIsNotKeptAndAskedForAgain() throws OriginException {
        CountingTransport days = new CountingTransport();
        AtomicInteger failures = new AtomicInteger(1);
        Transport failingOnce = new Transport() {
            @Override
            public Optional<byte[]> get(String relativePath, long maxBytes) throws OriginException {
                if (failures.getAndDecrement() > 0) {
                    days.asked.add(relativePath);
                    throw new OriginException("HTTP 503");
                }
                return days.get(relativePath, maxBytes);
            }

            @Override
            public String describe(String relativePath) {
                return days.describe(relativePath);
            }
        };
        ChunkStoreOrigin origin = new ChunkStoreOrigin("demo", failingOnce, "10m", 4, () -> 0L);
        assertThatThrownBy(() -> origin.plan(tenMinutes())).isInstanceOf(OriginException.class).hasMessage("HTTP 503");
        assertThat(origin.plan(tenMinutes()).chunks()).isNotEmpty();
        assertThat(days.asked).hasSize(2);
    }

    @Test
    void aChunkIsAskedForWithItsOwnBodyCap() throws OriginException {
        CountingTransport transport = new CountingTransport();
        ChunkStoreOrigin origin = new ChunkStoreOrigin("demo", transport, "10m", 4, () -> 0L);
        PlannedFetch chunk = origin.plan(tenMinutes()).chunks().get(0);
        origin.fetch(chunk);
        assertThat(transport.caps).containsExactly(Long.MAX_VALUE, Transport.maxChunkBytes(chunk));
        assertThat(Transport.maxChunkBytes(chunk)).isEqualTo(16L * 60_000 + 64 * 1024);
    }

    /** An hour of samples in frames of 16,384, its manifest, in a store folder. */
    private static int[] writeFramedHour(java.nio.file.Path root) throws java.io.IOException {
        int[] samples = new int[360_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (i * 7919) % 20_001 - 10_000;
        }
        ChunkFile.Encoded file = ChunkFile.encodeFrames(samples, 0, samples.length, 16_384);
        java.nio.file.Path chunk = root.resolve(ChunkStoreLayout.chunkPath(DEMO, T0, ChunkSize.ONE_HOUR));
        java.nio.file.Files.createDirectories(chunk.getParent());
        java.nio.file.Files.write(chunk, file.bytes());
        DayManifest.Chunk listed = new DayManifest.Chunk(T0, T0.plus(Duration.ofHours(1)),
                chunk.getFileName().toString(), samples.length, -10_000, 10_000, List.of(), file.bytes().length,
                file.frames());
        java.nio.file.Files.write(root.resolve(ChunkStoreLayout.manifestPath(DEMO, LocalDate.of(2024, 1, 1))),
                new DayManifest(DEMO, LocalDate.of(2024, 1, 1), 100.0, DayManifest.ENCODING,
                        Map.of(ChunkSize.ONE_HOUR, List.of(listed))).toJson());
        return samples;
    }

    /** Grid samples of the chunk's window, decoded from a payload as the decoder does. */
    private static int[] window(PlannedFetch chunk, byte[] payload) {
        List<Integer> kept = new ArrayList<>();
        ChunkFile.Decoded decoded = new ChunkFile.Decoder().decode(new java.io.ByteArrayInputStream(payload),
                chunk.gaps(), chunk.skipSamples(), (long) chunk.skipSamples() + chunk.sampleCount(),
                chunk.gridSamples(), new org.audifleet.wire.SampleRunSink() {
                    @Override
                    public void appendSamples(int[] counts, int offset, int length) {
                        for (int i = offset; i < offset + length; i++) {
                            kept.add(counts[i]);
                        }
                    }

                    @Override
                    public void appendGap(long missing) {
                        throw new AssertionError("no gap in this hour");
                    }
                });
        assertThat(decoded.cut()).isEmpty();
        assertThat(decoded.oversize()).isEmpty();
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void aWindowInsideAChunkInFramesFetchesOnlyItsFramesAsAChunkOfTheirOwn(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path root) throws Exception {
        int[] samples = writeFramedHour(root);
        PlaybackRequest request = new PlaybackRequest(UUID.randomUUID(), "demo", DEMO,
                Micros.of(T0.plus(Duration.ofMinutes(30))), Micros.of(T0.plus(Duration.ofMinutes(40))), 0);
        ChunkStoreOrigin origin = new ChunkStoreOrigin("demo", new FolderTransport(root), "1h", 4, () -> 0L);
        PlannedFetch chunk = origin.plan(request).chunks().get(0);
        assertThat(chunk.range()).isNotNull();

        Origin.Fetched part = origin.fetchWindow(chunk).orElseThrow();
        assertThat(part.chunk()).isSameAs(chunk.range().chunk());
        assertThat(part.payload().length).isEqualTo(chunk.range().endByte() - chunk.range().firstByte());
        assertThat(part.chunk().gridSamples()).isEqualTo(5 * 16_384); // frames 10 to 14
        // The same window at the same instant: grid sample skip of either is 00:30:00.
        assertThat(part.chunk().startMicros() + part.chunk().skipSamples() * 10_000L)
                .isEqualTo(chunk.startMicros() + chunk.skipSamples() * 10_000L);
        assertThat(window(part.chunk(), part.payload()))
                .isEqualTo(java.util.Arrays.copyOfRange(samples, 180_000, 240_000));
    }

    @Test
    void anOriginThatServesOnlyWholeObjectsGetsTheWholeChunkPublished(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path root) throws Exception {
        int[] samples = writeFramedHour(root);
        FolderTransport folder = new FolderTransport(root);
        // Transport's own getRange: the whole object, as an origin that ignores Range answers.
        Transport wholeOnly = new Transport() {
            @Override
            public Optional<byte[]> get(String relativePath, long maxBytes) throws OriginException {
                return folder.get(relativePath, maxBytes);
            }

            @Override
            public String describe(String relativePath) {
                return folder.describe(relativePath);
            }
        };
        PlaybackRequest request = new PlaybackRequest(UUID.randomUUID(), "demo", DEMO,
                Micros.of(T0.plus(Duration.ofMinutes(30))), Micros.of(T0.plus(Duration.ofMinutes(40))), 0);
        ChunkStoreOrigin origin = new ChunkStoreOrigin("demo", wholeOnly, "1h", 4, () -> 0L);
        PlannedFetch chunk = origin.plan(request).chunks().get(0);

        Origin.Fetched whole = origin.fetchWindow(chunk).orElseThrow();
        assertThat(whole.chunk()).isSameAs(chunk);
        assertThat(window(whole.chunk(), whole.payload()))
                .isEqualTo(java.util.Arrays.copyOfRange(samples, 180_000, 240_000));
    }
}
