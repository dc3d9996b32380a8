package org.audifleet.fetcher.origin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET with the origin's limits: at most {@code maxConcurrency} requests in flight, a deadline per attempt that
 * covers the headers and the whole body, a cap on the body, redirects only within the origin, and retries with
 * doubling backoff for what may pass (timeouts, connection errors, 429, 5xx, and 413 when the server sends
 * Retry-After, i.e. says the refusal is temporary). A Retry-After header (seconds or an HTTP date, capped at
 * 60 s) replaces the backoff for that wait. 404 and 204 mean "no data" and are not errors; other 4xx fail at
 * once with an {@link HttpStatusException}.
 *
 * <p>A redirect is followed only to the origin's own scheme, host and port, or to an origin its
 * {@code redirect-allow-list} names: anything else would let an origin point the fetcher at any host it can
 * reach (and that host's 404 would read as "no data"). A refused redirect and a body over its cap are logged
 * with the URL and end as an {@link OriginLimitException}, not retried: the same request gets the same answer.
 */
final class HttpTransport implements Transport {

    /** Redirects followed within one attempt; a longer chain (or a loop) is refused. */
    static final int MAX_REDIRECTS = 5;

    private static final Logger log = LoggerFactory.getLogger(HttpTransport.class);

    private final String name;
    private final URI base;
    private final OriginProperties properties;
    private final long maxBodyBytes;
    /** {@code scheme://host:port} of every origin a redirect may lead to, this one first. */
    private final Set<String> redirectTargets = new LinkedHashSet<>();
    private final HttpClient client;
    private final Semaphore permits;

    HttpTransport(String name, OriginProperties properties) {
        this.name = name;
        String url = properties.url().toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.properties = properties;
        this.maxBodyBytes = properties.maxBodySize().toBytes();
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("origin " + name + ": audifleet.origins." + name
                    + ".max-body-size must be at least 1 byte, not " + properties.maxBodySize());
        }
        redirectTargets.add(originOf(base));
        for (URI allowed : properties.redirectAllowList()) {
            if (!("http".equalsIgnoreCase(allowed.getScheme()) || "https".equalsIgnoreCase(allowed.getScheme()))
                    || allowed.getHost() == null || !(allowed.getPath() == null || allowed.getPath().isEmpty()
                    || allowed.getPath().equals("/")) || allowed.getQuery() != null) {
                throw new IllegalArgumentException("origin " + name + ": audifleet.origins." + name
                        + ".redirect-allow-list entries are scheme://host[:port], not " + allowed);
            }
            redirectTargets.add(originOf(allowed));
        }
        // Redirects are followed here, not by the client, so each hop is checked against the origin.
        this.client = HttpClient.newBuilder().connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.permits = new Semaphore(properties.maxConcurrency(), true);
    }

    @Override
    public String describe(String relativePath) {
        return base.resolve(relativePath).toString();
    }

    @Override
    public Optional<byte[]> get(String relativePath, long maxBytes) throws OriginException {
        return get(relativePath, null, maxBytes).map(Body::bytes);
    }

    /**
     * With {@code Range: bytes=FIRST-LAST}: a {@code 206} whose {@code Content-Range} and length are exactly that
     * range is the part; a {@code 200} is the whole object (an origin that ignores ranges). A {@code 206} of any
     * other range is logged and the object asked for again without a range.
     */
    @Override
    public Optional<Body> getRange(String relativePath, long first, long end, long wholeMaxBytes)
            throws OriginException {
        if (first < 0 || end <= first) {
            throw new IllegalArgumentException("byte range [" + first + ", " + end + ")");
        }
        return get(relativePath, new long[] {first, end}, wholeMaxBytes);
    }

    private Optional<Body> get(String relativePath, long[] range, long maxBytes) throws OriginException {
        URI uri = base.resolve(relativePath);
        long cap = Math.min(maxBytes, maxBodyBytes);
        Duration backoff = properties.retryBackoff();
        for (int attempt = 0;; attempt++) {
            String failure;
            Duration wait = backoff;
            try {
                Answer answer = attempt(uri, range, cap);
                int status = answer.status();
                if (status == 200) {
                    return Optional.of(new Body(answer.body(), false));
                }
                if ((status == 206 || status == 416) && range != null) {
                    String expected = "bytes " + range[0] + "-" + (range[1] - 1) + "/";
                    String got = answer.headers().firstValue("Content-Range").orElse("");
                    if (status == 206 && got.startsWith(expected) && answer.body().length == range[1] - range[0]) {
                        return Optional.of(new Body(answer.body(), true));
                    }
                    // Not the file the manifest describes (shorter, or changed): the whole of it is what there is.
                    log.warn("origin {}: GET {} with Range bytes={}-{} answered {} with Content-Range '{}' and {}"
                            + " bytes; asking for the whole object", name, uri, range[0], range[1] - 1, status, got,
                            answer.body().length);
                    range = null;
                    attempt--;
                    continue;
                }
                if (status == 404 || status == 204) {
                    return Optional.empty();
                }
                failure = "HTTP " + status;
                Optional<Duration> retryAfter = answer.headers().firstValue("Retry-After")
                        .flatMap(v -> retryAfter(v, java.time.Instant.now()));
                boolean temporary = status == 429 || status >= 500 || (status == 413 && retryAfter.isPresent());
                if (!temporary) {
                    throw new HttpStatusException("origin " + name + ": GET " + uri + " failed: " + failure, status);
                }
                wait = retryAfter.orElse(backoff);
            } catch (HttpTimeoutException e) {
                failure = "timed out after " + properties.requestTimeout().toMillis() + " ms (" + e.getMessage() + ")";
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt >= properties.retries()) {
                throw new OriginException("origin " + name + ": GET " + uri + " failed after " + (attempt + 1)
                        + " attempts: " + failure);
            }
            log.info("origin {}: GET {} {}; retry {} of {} in {} ms", name, uri, failure, attempt + 1,
                    properties.retries(), wait.toMillis());
            sleep(wait);
            backoff = backoff.multipliedBy(2);
        }
    }

    /** The final answer of one attempt (the body only for 200), redirects within the origin followed. */
    private record Answer(int status, HttpHeaders headers, byte[] body) {
    }

    private Answer attempt(URI uri, long[] range, long cap) throws IOException, OriginException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OriginException("origin " + name + ": interrupted", e);
        }
        try {
            // The deadline starts once the origin's slot is ours: waiting behind our own requests is not the
            // origin being slow.
            long deadline = System.nanoTime() + properties.requestTimeout().toNanos();
            URI at = uri;
            for (int hop = 0;; hop++) {
                HttpResponse<byte[]> response = exchange(uri, at, range, cap, deadline);
                int status = response.statusCode();
                Optional<String> location = response.headers().firstValue("Location");
                if (!isRedirect(status) || location.isEmpty()) {
                    return new Answer(status, response.headers(), response.body());
                }
                URI next;
                try {
                    next = at.resolve(location.get().trim());
                } catch (IllegalArgumentException e) {
                    throw refused(uri, OriginLimitException.Limit.REDIRECT, "redirected to an unreadable location '"
                            + location.get() + "'");
                }
                if (!redirectTargets.contains(originOf(next))) {
                    throw refused(uri, OriginLimitException.Limit.REDIRECT, "redirected to " + next
                            + ", which leaves the origin (" + originOf(base) + ") and is not in its redirect-allow-list");
                }
                if (hop >= MAX_REDIRECTS) {
                    throw refused(uri, OriginLimitException.Limit.REDIRECT, "more than " + MAX_REDIRECTS
                            + " redirects (the last to " + next + ")");
                }
                at = next;
            }
        } finally {
            permits.release();
        }
    }

    /**
     * One request and its body, both before {@code deadline} (System.nanoTime); the body capped for a 200, and at
     * the range's length for a 206.
     */
    private HttpResponse<byte[]> exchange(URI asked, URI at, long[] range, long cap, long deadline)
            throws IOException, OriginException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new HttpTimeoutException("deadline passed before " + at);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(at).timeout(Duration.ofNanos(remaining)).GET();
        if (range != null) {
            builder.header("Range", "bytes=" + range[0] + "-" + (range[1] - 1));
        }
        HttpRequest request = builder.build();
        AtomicReference<CappedBody> body = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> response = client.sendAsync(request, info -> {
            CappedBody b = info.statusCode() == 200 ? CappedBody.kept(cap, info)
                    : info.statusCode() == 206 && range != null ? CappedBody.kept(Math.min(cap, range[1] - range[0]), info)
                    : CappedBody.discarded();
            body.set(b);
            return b;
        });
        try {
            return response.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            String why = "deadline passed before the whole answer arrived";
            abandon(response, body.get(), why);
            throw new HttpTimeoutException(why);
        } catch (InterruptedException e) {
            abandon(response, body.get(), "interrupted");
            Thread.currentThread().interrupt();
            throw new OriginException("origin " + name + ": interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            for (Throwable c = cause; c != null; c = c.getCause()) {
                if (c instanceof CappedBody.TooLarge) {
                    throw refused(asked, OriginLimitException.Limit.BODY_SIZE, c.getMessage()
                            + (asked.equals(at) ? "" : " at " + at));
                }
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause);
        }
    }

    private static void abandon(CompletableFuture<?> response, CappedBody body, String why) {
        response.cancel(true);
        if (body != null) {
            body.abandon(why);
        }
    }

    private OriginLimitException refused(URI uri, OriginLimitException.Limit limit, String why) {
        log.warn("origin {}: GET {} refused: {}", name, uri, why);
        return new OriginLimitException("origin " + name + ": GET " + uri + " refused: " + why, limit);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** {@code scheme://host:port} with the scheme's default port filled in, lower case. */
    static String originOf(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + ":" + port;
    }

    /** Retry-After as delay-seconds or an HTTP date (RFC 9110 10.2.3), at most 60 s, never negative. */
    static Optional<Duration> retryAfter(String value, java.time.Instant now) {
        String v = value.trim();
        long seconds;
        try {
            seconds = Long.parseLong(v);
        } catch (NumberFormatException notSeconds) {
            try {
                seconds = Duration.between(now, java.time.ZonedDateTime.parse(v,
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()).toSeconds();
            } catch (java.time.format.DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
        return Optional.of(Duration.ofSeconds(Math.max(0, Math.min(60, seconds))));
    }

    private static void sleep(Duration wait) throws OriginException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OriginException("interrupted while backing off", e);
        }
    }
}
