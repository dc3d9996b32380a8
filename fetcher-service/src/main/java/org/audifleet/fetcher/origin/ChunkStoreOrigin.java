package org.audifleet.fetcher.origin;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.audifleet.chunkstore.ChunkSize;
import org.audifleet.chunkstore.ChunkStoreLayout;
import org.audifleet.chunkstore.DayManifest;
import org.audifleet.chunkstore.plan.ChunkPlanner;
import org.audifleet.chunkstore.plan.ChunkPolicy;
import org.audifleet.chunkstore.plan.PlannedChunk;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.PlaybackStatus;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * The zstd chunk store: reads the per-day manifests of the window, lets the chunk planner lay out
 * the chunks, and takes the session's loudest sample from the manifests' min/max so the station can
 * scale before it has heard it.
 *
 * <p>The window's day manifests are asked for all at once, on at most {@code max-concurrency} manifest
 * threads (the origin's own limit, which its transport enforces as well), and kept in one cache that also
 * shares a load in flight: two sessions of the same day wait for one request.
 */
final class ChunkStoreOrigin implements Origin {

    /**
     * Day manifests are kept this long: stations play neighbouring windows of the same days, and an
     * archived day rarely changes, so a second session skips one origin round trip before its first
     * chunk. Short enough that a day being filled in shows up soon.
     */
    static final Duration MANIFEST_TTL = Duration.ofSeconds(30);
    /** Manifest paths (stream and day) kept at most; a day without a manifest is kept as empty too. */
    static final int MANIFEST_CACHE_DAYS = 256;

    private final String name;
    private final Transport transport;
    private final ChunkPolicy policy;
    private final AsyncCache<String, ManifestLoad> manifestCache;
    private final Map<String, CompletableFuture<Optional<byte[]>>> downloadsInFlight = new ConcurrentHashMap<>();

    ChunkStoreOrigin(String name, Transport transport, String chunkPolicy, int maxConcurrency) {
        this(name, transport, chunkPolicy, maxConcurrency, Ticker.systemTicker());
    }

    /** With the clock the manifest cache expires by, for tests. */
    ChunkStoreOrigin(String name, Transport transport, String chunkPolicy, int maxConcurrency, Ticker ticker) {
        this.name = name;
        this.transport = transport;
        this.policy = ChunkPolicy.parse(chunkPolicy);
        this.manifestCache = Caffeine.newBuilder().expireAfterWrite(MANIFEST_TTL).maximumSize(MANIFEST_CACHE_DAYS)
                .ticker(ticker).executor(manifestThreads(name, maxConcurrency)).buildAsync();
    }

    /** Idle threads end, so an origin nobody plays holds none. */
    private static Executor manifestThreads(String name, int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "manifest-" + name + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SessionPlan plan(PlaybackRequest request) throws OriginException {
        Map<String, CompletableFuture<ManifestLoad>> loads = new LinkedHashMap<>();
        LocalDate day = LocalDate.ofInstant(request.start(), ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(request.end().minusNanos(1), ZoneOffset.UTC);
        for (; !day.isAfter(last); day = day.plusDays(1)) {
            // Caffeine's own executor, so every day is in flight before the first is awaited.
            String path = ChunkStoreLayout.manifestPath(request.stream(), day);
            loads.put(path, manifestCache.get(path, this::load));
        }
        Map<LocalDate, Optional<DayManifest>> manifests = new HashMap<>();
        day = LocalDate.ofInstant(request.start(), ZoneOffset.UTC);
        for (Map.Entry<String, CompletableFuture<ManifestLoad>> load : loads.entrySet()) {
            manifests.put(day, await(load.getKey(), load.getValue()));
            day = day.plusDays(1);
        }
        if (manifests.values().stream().allMatch(Optional::isEmpty)) {
            // The store has no listings, so it cannot tell a stream it never had from a window beside its data.
            LocalDate first = LocalDate.ofInstant(request.start(), ZoneOffset.UTC);
            throw new OriginRefusedException(PlaybackStatus.Reason.WINDOW_OUTSIDE_DATA, "window outside the data: "
                    + "origin " + name + " has no manifest of " + request.stream() + " for " + first
                    + (first.equals(last) ? "" : " to " + last) + " (the window is outside its data, or the stream "
                    + "is not in the store)");
        }
        List<PlannedChunk> planned = new ChunkPlanner().plan(request.stream(), request.start(), request.end(), policy,
                d -> manifests.getOrDefault(d, Optional.empty()));
        List<PlannedFetch> chunks = new ArrayList<>(planned.size());
        for (PlannedChunk c : planned) {
            String source = transport.describe(c.path() != null ? c.path() : ChunkStoreLayout.chunkPath(
                    request.stream(), c.start(), c.size()));
            PlannedChunk.Part p = c.part();
            PlannedFetch.Range range = p == null ? null : new PlannedFetch.Range(p.firstByte(), p.endByte(),
                    new PlannedFetch(c.index(), planned.size(), ChunkRecord.Encoding.ZSTD_INT32_LE, p.startMicros(),
                            c.sampleRate(), p.skipSamples(), c.sampleCount(), p.gridSamples(), p.gaps(), c.path(),
                            source + " bytes=" + p.firstByte() + "-" + (p.endByte() - 1)));
            chunks.add(new PlannedFetch(c.index(), planned.size(), ChunkRecord.Encoding.ZSTD_INT32_LE, c.startMicros(),
                    c.sampleRate(), c.skipSamples(), c.sampleCount(), c.gridSamples(), c.gaps(), c.path(), source,
                    range));
        }
        return new SessionPlan(chunks, peak(manifests.values(), request.start(), request.end()));
    }

    /**
     * A day's manifest (empty: the store has none) or why it could not be read. A load completes normally either
     * way, so the cache does not log a failed future; {@link #await} drops a failure from it.
     */
    private record ManifestLoad(Optional<DayManifest> manifest, OriginException failure) {
    }

    /** Runs on a manifest thread. */
    private ManifestLoad load(String path) {
        try {
            return new ManifestLoad(transport.get(path).map(DayManifest::parse), null);
        } catch (OriginException e) {
            return new ManifestLoad(Optional.empty(), e);
        } catch (RuntimeException e) {
            return new ManifestLoad(Optional.empty(), new OriginException("origin " + name + ": manifest "
                    + transport.describe(path) + " is unreadable: " + e.getMessage(), e));
        }
    }

    /** Interrupted (the planning deadline passed), the caller stops waiting; the load goes on and is cached. */
    private Optional<DayManifest> await(String path, CompletableFuture<ManifestLoad> load) throws OriginException {
        ManifestLoad loaded;
        try {
            loaded = load.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OriginException("origin " + name + ": interrupted waiting for a manifest", e);
        } catch (ExecutionException e) {
            throw new OriginException("origin " + name + ": manifest load failed: " + e.getCause(), e.getCause());
        }
        if (loaded.failure() != null) {
            // Not kept: the next session asks the origin again.
            manifestCache.asMap().remove(path, load);
            throw loaded.failure();
        }
        return loaded.manifest();
    }

    private static long peak(Iterable<Optional<DayManifest>> manifests, Instant start, Instant end) {
        long peak = 0;
        for (Optional<DayManifest> m : manifests) {
            if (m.isEmpty()) {
                continue;
            }
            for (DayManifest.Chunk c : m.get().chunks(ChunkSize.TEN_MINUTES)) {
                if (c.hasData() && c.end().isAfter(start) && c.start().isBefore(end)) {
                    peak = Math.max(peak, Math.max(Math.abs((long) c.min()), Math.abs((long) c.max())));
                }
            }
        }
        return peak;
    }

    @Override
    public Optional<byte[]> fetch(PlannedFetch chunk) throws OriginException {
        // Sessions asking for a chunk file another session is already downloading share that download (a file of the
        // store does not change): 40 sessions of one hour of data ask the origin once, not 40 times. Not a cache:
        // once the download ends, the next session asks again.
        CompletableFuture<Optional<byte[]>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<byte[]>> shared = downloadsInFlight.putIfAbsent(chunk.path(), mine);
        if (shared == null) {
            try {
                Optional<byte[]> payload = transport.get(chunk.path(), Transport.maxChunkBytes(chunk));
                mine.complete(payload);
                return payload;
            } catch (OriginException | RuntimeException e) {
                mine.completeExceptionally(e);
                throw e;
            } finally {
                downloadsInFlight.remove(chunk.path(), mine);
            }
        }
        try {
            return shared.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OriginException("origin " + name + ": interrupted waiting for " + chunk.path(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OriginException failed) {
                throw new OriginException(failed.getMessage(), failed);
            }
            throw new OriginException("origin " + name + ": " + chunk.path() + " failed: " + e.getCause(),
                    e.getCause());
        }
    }

    /**
     * Only the frames the window needs when the file is in frames; the whole file, as a chunk of its own, from an
     * origin that answers the range with all of it.
     */
    @Override
    public Optional<Fetched> fetchWindow(PlannedFetch chunk) throws OriginException {
        PlannedFetch.Range range = chunk.range();
        if (range == null) {
            return Origin.super.fetchWindow(chunk);
        }
        return transport.getRange(chunk.path(), range.firstByte(), range.endByte(), Transport.maxChunkBytes(chunk))
                .map(body -> new Fetched(body.partial() ? range.chunk() : chunk, body.bytes()));
    }
}
