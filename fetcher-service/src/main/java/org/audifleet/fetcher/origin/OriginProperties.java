package org.audifleet.fetcher.origin;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

/**
 * One named origin. Requests name the origin; only this configuration knows its URL. The defaults below are
 * the only place an origin's limits are written: {@link #unconfigured()} binds them for origins nobody
 * configured (the well-known FDSN services), and fetcher-service/README.md documents them.
 *
 * @param kind           what the origin serves; may be left out for a well-known FDSN name ({@code iris},
 *                       {@code geofon}, {@code resif}, {@code ingv}), required otherwise (checked by {@link Origins})
 * @param url            base URL ({@code http://...} or {@code file:/...} for a local folder; FDSN: http(s) only);
 *                       may be left out for a well-known FDSN name, which then uses its public service
 * @param chunkPolicy    chunk sizes to plan with ({@code auto}: 10 min first so audio starts fast,
 *                       then 1 h and 6 h once aligned; or a fixed {@code 10m}, {@code 1h}, {@code 6h})
 * @param maxConcurrency requests in flight to this origin at once (protects public services)
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout deadline of one attempt, headers and the whole body together (a body that drips
 *                       slower fails at it, and is retried like any timeout)
 * @param retries        further attempts after a timeout, a connection error, 429 or 5xx
 * @param retryBackoff   wait before the first retry; doubles each time (a Retry-After header wins)
 * @param maxBodySize    hard cap of one answer's body, whatever the caller allows (a chunk is bounded tighter
 *                       by its samples, see {@link Transport#maxChunkBytes}); a longer body is abandoned there
 * @param redirectAllowList other origins ({@code scheme://host[:port]}) a redirect may lead to; a redirect
 *                       that leaves the origin's own scheme, host and port for any other is refused
 */
public record OriginProperties(
        OriginKind kind,
        URI url,
        @DefaultValue("auto") String chunkPolicy,
        @DefaultValue("4") @Min(1) @Max(64) int maxConcurrency,
        @DefaultValue("2s") Duration connectTimeout,
        @DefaultValue("30s") Duration requestTimeout,
        @DefaultValue("3") @Min(0) @Max(10) int retries,
        @DefaultValue("200ms") Duration retryBackoff,
        @DefaultValue("32MB") DataSize maxBodySize,
        @DefaultValue List<URI> redirectAllowList) {

    /** An origin bound from no properties at all: kind and URL unset, every limit at its default. */
    public static OriginProperties unconfigured() {
        return new Binder(new MapConfigurationPropertySource()).bindOrCreate("origin", OriginProperties.class);
    }

    /** The same limits with another kind and URL (used to fill in a well-known origin). */
    public OriginProperties with(OriginKind kind, URI url) {
        return new OriginProperties(kind, url, chunkPolicy, maxConcurrency, connectTimeout, requestTimeout, retries,
                retryBackoff, maxBodySize, redirectAllowList);
    }

    public enum OriginKind {
        /** The zstd chunk store ({YYYY}/{MM}/{DD}/{NET}/{STA}/{LOC}/{CHA}/...) over HTTP or in a folder. */
        CHUNK_STORE,
        /** An FDSN dataselect web service (miniSEED). */
        FDSN
    }
}
