package org.audifleet.fetcher.origin;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.audifleet.service.kafka.NotRetryableException;
import org.springframework.stereotype.Component;

/** The configured origins by name. */
@Component
public class Origins {

    private final Map<String, Origin> byName = new TreeMap<>();

    public Origins(OriginsProperties properties) {
        properties.origins().forEach((name, p) -> byName.put(name, create(name, p)));
    }

    private static Origin create(String name, OriginProperties p) {
        Transport transport = "file".equals(p.url().getScheme()) ? new FolderTransport(Path.of(p.url()))
                : new HttpTransport(name, p);
        return switch (p.kind()) {
            case CHUNK_STORE -> new ChunkStoreOrigin(name, transport, p.chunkPolicy());
            case FDSN -> throw new IllegalArgumentException("origin " + name + ": kind fdsn is not built yet");
        };
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
