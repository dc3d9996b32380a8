package org.audifleet.fetcher.origin;

import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.audifleet.fetcher.origin.fdsn.FdsnOrigin;
import org.audifleet.fetcher.origin.fdsn.WellKnownFdsn;
import org.audifleet.service.kafka.NotRetryableException;
import org.springframework.stereotype.Component;

/**
 * The configured origins by name, plus the well-known public FDSN services ({@code iris}, {@code geofon},
 * {@code resif}, {@code ingv}) under their names unless configuration says otherwise.
 */
@Component
public class Origins {

    private final Map<String, Origin> byName = new TreeMap<>();

    public Origins(OriginsProperties properties) {
        // A well-known name nobody configured is completed exactly like one configured with nothing.
        Map<String, OriginProperties> configured = new TreeMap<>();
        WellKnownFdsn.URLS.keySet().forEach(name -> configured.put(name, OriginProperties.unconfigured()));
        configured.putAll(properties.origins());
        configured.forEach((name, p) -> byName.put(name, create(name, complete(name, p))));
    }

    /** Fills kind and URL of a well-known FDSN name; other origins must say both. */
    private static OriginProperties complete(String name, OriginProperties p) {
        URI known = WellKnownFdsn.URLS.get(name);
        OriginProperties.OriginKind kind = p.kind() != null ? p.kind()
                : known != null ? OriginProperties.OriginKind.FDSN : null;
        URI url = p.url() != null ? p.url() : kind == OriginProperties.OriginKind.FDSN ? known : null;
        if (kind == null) {
            throw new IllegalArgumentException("origin " + name + ": audifleet.origins." + name
                    + ".kind is required (chunk-store or fdsn)");
        }
        if (url == null) {
            throw new IllegalArgumentException("origin " + name + ": audifleet.origins." + name + ".url is required");
        }
        return p.with(kind, url);
    }

    private static Origin create(String name, OriginProperties p) {
        boolean folder = "file".equals(p.url().getScheme());
        return switch (p.kind()) {
            case CHUNK_STORE -> new ChunkStoreOrigin(name,
                    folder ? new FolderTransport(Path.of(p.url())) : new HttpTransport(name, p), p.chunkPolicy(),
                    p.maxConcurrency());
            case FDSN -> {
                if (folder) {
                    throw new IllegalArgumentException("origin " + name + ": an fdsn origin needs an http(s) url, not "
                            + p.url());
                }
                yield new FdsnOrigin(name, new HttpTransport(name, p), p.chunkPolicy());
            }
        };
    }

    /** Every origin's name, the configured and the well-known. */
    public Set<String> names() {
        return Collections.unmodifiableSet(byName.keySet());
    }

    /** The origin a request names; an unknown name is not worth retrying. */
    public Origin get(String name) {
        Origin origin = byName.get(name);
        if (origin == null) {
            throw new NotRetryableException("unknown origin '" + name + "' (this fetcher knows " + byName.keySet() + ")");
        }
        return origin;
    }
}
