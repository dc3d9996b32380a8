package org.audifleet.fetcher.origin;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET with the origin's limits: at most {@code maxConcurrency} requests in flight, a timeout per
 * request, and retries with doubling backoff for what may pass (timeouts, connection errors, 429,
 * 5xx, and 413 when the server sends Retry-After, i.e. says the refusal is temporary). A Retry-After
 * header (seconds or an HTTP date, capped at 60 s) replaces the backoff for that wait. 404 and 204 mean
 * "no data" and are not errors; other 4xx fail at once with an {@link HttpStatusException}.
 */
final class HttpTransport implements Transport {

    private static final Logger log = LoggerFactory.getLogger(HttpTransport.class);

    private final String name;
    private final URI base;
    private final OriginProperties properties;
    private final HttpClient client;
    private final Semaphore permits;

    HttpTransport(String name, OriginProperties properties) {
        this.name = name;
        String url = properties.url().toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.properties = properties;
        this.client = HttpClient.newBuilder().connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.permits = new Semaphore(properties.maxConcurrency(), true);
    }

    @Override
    public String describe(String relativePath) {
        return base.resolve(relativePath).toString();
    }

    @Override
    public Optional<byte[]> get(String relativePath) throws OriginException {
        URI uri = base.resolve(relativePath);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(properties.requestTimeout()).GET().build();
        Duration backoff = properties.retryBackoff();
        for (int attempt = 0;; attempt++) {
            String failure;
            Duration wait = backoff;
            try {
                HttpResponse<byte[]> response = send(request);
                int status = response.statusCode();
                if (status == 200) {
                    return Optional.of(response.body());
                }
                if (status == 404 || status == 204) {
                    return Optional.empty();
                }
                failure = "HTTP " + status;
                Optional<Duration> retryAfter = retryAfter(response);
                boolean temporary = status == 429 || status >= 500 || (status == 413 && retryAfter.isPresent());
                if (!temporary) {
                    throw new HttpStatusException("origin " + name + ": GET " + uri + " failed: " + failure, status);
                }
                wait = retryAfter.orElse(backoff);
            } catch (HttpTimeoutException e) {
                failure = "timed out after " + properties.requestTimeout().toMillis() + " ms";
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

    private HttpResponse<byte[]> send(HttpRequest request) throws IOException, OriginException {
        try {
            permits.acquire();
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } finally {
                permits.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OriginException("origin " + name + ": interrupted", e);
        }
    }

    /** Retry-After as delay-seconds or an HTTP date (RFC 9110 10.2.3), at most 60 s, never negative. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> retryAfter(v, java.time.Instant.now()));
    }

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
