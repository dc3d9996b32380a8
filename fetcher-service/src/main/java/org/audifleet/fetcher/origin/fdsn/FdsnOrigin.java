package org.audifleet.fetcher.origin.fdsn;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.audifleet.codec.mseed.IntegrityPolicy;
import org.audifleet.codec.mseed.MseedFormatException;
import org.audifleet.codec.mseed.MseedReader;
import org.audifleet.codec.mseed.MseedRecord;
import org.audifleet.fetcher.origin.HttpStatusException;
import org.audifleet.fetcher.origin.Origin;
import org.audifleet.fetcher.origin.OriginException;
import org.audifleet.fetcher.origin.PlannedFetch;
import org.audifleet.fetcher.origin.Transport;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.StreamId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An FDSN dataselect web service: one {@code fdsnws/dataselect/1/query} per planned chunk window, the miniSEED
 * answer passed on as it came (encoding {@link ChunkRecord.Encoding#MINISEED}); the decoder places the records on
 * the chunk's grid.
 *
 * <p><b>The session's sample rate</b> must be on every ChunkRecord before the decoder sees a sample, but a
 * dataselect service says it only in the data. So planning fetches the first chunk itself (it is the first one
 * fetched anyway, and stays here for {@link #fetch} to hand out, so no request is made twice) and takes the rate
 * of its first record of the requested stream. When the first chunk has no data, the next ones are tried, up to
 * {@value #RATE_PROBES} chunks; failing that the channel's band code gives a nominal rate ({@link NominalRate}).
 *
 * <p>204 and 404 are "no data" (the chunk becomes a GAP chunk); 429, 5xx and a temporary 413 (with Retry-After)
 * are retried by the transport honouring Retry-After; a 413 without Retry-After ("request too large") splits the
 * window in halves, down to 1 min, and joins the answers (miniSEED records simply concatenate; a record that
 * straddles the split comes twice and the decoder drops the copy). The session's loudest sample is not known
 * ahead: chunks carry peak 0 and the decoder's blocks report the loudest sample seen so far.
 */
public final class FdsnOrigin implements Origin {

    static final int RATE_PROBES = 4;
    private static final long MIN_SPLIT_MICROS = 60_000_000L;
    private static final int CACHED_PROBES = 32;
    private static final Logger log = LoggerFactory.getLogger(FdsnOrigin.class);

    private final String name;
    private final Transport transport;
    private final FdsnChunkPlan chunking;
    /** Chunks fetched while planning, by query path, until {@link #fetch} takes them. */
    private final Map<String, Optional<byte[]>> probed = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Optional<byte[]>> eldest) {
                    return size() > CACHED_PROBES;
                }
            });

    public FdsnOrigin(String name, Transport transport, String chunkPolicy) {
        this.name = name;
        this.transport = transport;
        this.chunking = FdsnChunkPlan.parse(chunkPolicy);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SessionPlan plan(PlaybackRequest request) throws OriginException {
        StreamId stream = request.stream();
        long start = request.startMicros();
        long end = request.endMicros();
        if (end <= start) {
            throw new OriginException("origin " + name + ": empty window " + request.start() + ".." + request.end());
        }
        double rate = sessionRate(stream, start, end);
        List<FdsnChunkPlan.Window> windows = chunking.windows(start, end, rate);
        List<PlannedFetch> chunks = new ArrayList<>(windows.size());
        for (FdsnChunkPlan.Window w : windows) {
            String path = new FdsnQuery(stream, w.startMicros(), w.endMicros()).path();
            chunks.add(new PlannedFetch(chunks.size(), windows.size(), ChunkRecord.Encoding.MINISEED, w.startMicros(),
                    rate, 0, w.sampleCount(), w.sampleCount(), null, path, transport.describe(path)));
        }
        return new SessionPlan(chunks, 0);
    }

    /** The rate of the stream's first record in the window (see the class comment), else the nominal one. */
    private double sessionRate(StreamId stream, long start, long end) throws OriginException {
        // Probe with the query windows cut at the policy's boundaries. At a rate whose grid meets those boundaries
        // (every common one) the plan's windows are the same, so fetch() finds them here; otherwise the plan's
        // slightly shifted windows miss the cache and are fetched again, which costs a request, not a sample.
        List<Long> bounds = chunking.bounds(start, end);
        for (int i = 0; i < Math.min(RATE_PROBES, bounds.size() - 1); i++) {
            FdsnQuery query = new FdsnQuery(stream, bounds.get(i), bounds.get(i + 1));
            Optional<byte[]> data;
            try {
                // The rate is not known before this first answer: only the origin's max-body-size bounds it.
                data = get(query, Long.MAX_VALUE);
            } catch (OriginException e) {
                log.warn("origin {}: probing {} for its sample rate failed: {}", name, transport.describe(query.path()),
                        e.getMessage());
                break;
            }
            OptionalDouble rate = data.isPresent() ? firstRate(data.get(), stream) : OptionalDouble.empty();
            if (rate.isPresent() || data.isEmpty()) {
                // Only a chunk whose rate matches is worth keeping: the plan at that rate has the same windows.
                probed.put(query.path(), data);
            }
            if (rate.isPresent()) {
                return rate.getAsDouble();
            }
        }
        OptionalDouble nominal = NominalRate.of(stream.channel());
        if (nominal.isEmpty()) {
            throw new OriginException("origin " + name + ": no data of " + stream + " in the first chunks of the window"
                    + " to take its sample rate from, and band code '" + stream.channel().charAt(0)
                    + "' names no nominal rate");
        }
        log.info("origin {}: no data of {} in the first {} chunk(s); planning at the nominal {} Hz of its band code",
                name, stream, RATE_PROBES, nominal.getAsDouble());
        return nominal.getAsDouble();
    }

    private static OptionalDouble firstRate(byte[] bytes, StreamId stream) {
        List<MseedRecord> records = new ArrayList<>();
        try {
            new MseedReader(IntegrityPolicy.WARN, w -> { }).readAll(bytes, 0, bytes.length, records::add);
        } catch (MseedFormatException | RuntimeException e) {
            // A damaged record ends the probe; the records before it still tell the rate.
        }
        return records.stream().filter(r -> r.hasSamples() && r.sampleRate() > 0 && matches(r, stream))
                .mapToDouble(MseedRecord::sampleRate).findFirst();
    }

    static boolean matches(MseedRecord r, StreamId stream) {
        return r.network().equals(stream.network()) && r.station().equals(stream.station())
                && r.location().equals(stream.location()) && r.channel().equals(stream.channel());
    }

    @Override
    public Optional<byte[]> fetch(PlannedFetch chunk) throws OriginException {
        Optional<byte[]> planned = probed.remove(chunk.path());
        if (planned != null) {
            return planned;
        }
        return get(FdsnQuery.parse(chunk.path()), Transport.maxChunkBytes(chunk));
    }

    private Optional<byte[]> get(FdsnQuery query, long maxBytes) throws OriginException {
        try {
            return transport.get(query.path(), maxBytes);
        } catch (HttpStatusException e) {
            if (e.status() != 413 || query.lengthMicros() < 2 * MIN_SPLIT_MICROS) {
                throw e;
            }
            log.info("origin {}: {} is too large for the service (413); asking for it in two halves", name,
                    transport.describe(query.path()));
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            boolean any = false;
            for (FdsnQuery half : query.halves()) {
                Optional<byte[]> part = get(half, maxBytes);
                if (part.isPresent()) {
                    joined.writeBytes(part.get());
                    any = true;
                }
            }
            return any ? Optional.of(joined.toByteArray()) : Optional.empty();
        }
    }
}
