package org.audifleet.console.catalog;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.audifleet.chunkstore.ChunkSize;
import org.audifleet.chunkstore.ChunkStoreLayout;
import org.audifleet.chunkstore.DayManifest;
import org.audifleet.wire.StreamId;

/**
 * What each configured origin holds, read from its day manifests (through {@link ChunkStoreLayout} and
 * {@link DayManifest}, the store format's owners): per stream and day, the sample rate, the span that has data and
 * how much of it is missing. A manifest that cannot be read is listed with why, never dropped.
 */
final class StreamCatalog {

    /** One stream on one day, or why it could not be read ({@code problem} set, the rest empty). */
    record Day(String origin, String stream, LocalDate date, double sampleRate, Instant dataFrom, Instant dataTo,
            long samples, long gapSeconds, String problem) {
    }

    private final Map<String, CatalogProperties.Origin> origins;
    private final Duration timeout;
    private final HttpClient http;

    StreamCatalog(CatalogProperties properties) {
        this.origins = properties.origins();
        this.timeout = properties.manifestTimeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    List<Day> list() {
        List<Day> days = new ArrayList<>();
        origins.forEach((name, origin) -> {
            for (String code : origin.streams()) {
                for (LocalDate date : origin.days()) {
                    days.add(day(name, origin.url(), code, date));
                }
            }
        });
        return days;
    }

    private Day day(String origin, URI root, String code, LocalDate date) {
        try {
            StreamId stream = StreamId.parse(code);
            DayManifest m = DayManifest.parse(read(root, ChunkStoreLayout.manifestPath(stream, date)));
            Instant from = null;
            Instant to = null;
            long samples = 0;
            long gaps = 0;
            for (DayManifest.Chunk c : m.chunks(ChunkSize.TEN_MINUTES)) {
                if (c.hasData()) {
                    from = from == null ? c.start() : from;
                    to = c.end();
                }
                samples += c.samples();
                for (DayManifest.Gap g : c.gaps()) {
                    gaps += Duration.between(g.start(), g.end()).toSeconds();
                }
            }
            return new Day(origin, stream.toString(), date, m.sampleRate(), from, to, samples, gaps, null);
        } catch (IOException | RuntimeException e) {
            return new Day(origin, code, date, 0, null, null, 0, 0, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Day(origin, code, date, 0, null, null, 0, 0, "interrupted");
        }
    }

    private byte[] read(URI root, String path) throws IOException, InterruptedException {
        URI uri = URI.create(root.toString().endsWith("/") ? root.toString() : root + "/").resolve(path);
        if ("file".equals(uri.getScheme())) {
            return Files.readAllBytes(Path.of(uri));
        }
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + uri + ": HTTP " + r.statusCode());
        }
        return r.body();
    }
}
