package org.audifleet.chunkstore.origin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Serves a chunk store folder read-only over HTTP on the loopback interface, the way an object store
 * would: {@code GET} and {@code HEAD} of {@code /{relative path}}, 404 for anything that is not a
 * regular file, 400 for paths that try to leave the folder, 405 for other methods. No listings. A {@code GET} with
 * one byte range ({@code Range: bytes=FIRST-LAST} or {@code bytes=FIRST-}) gets {@code 206} with that part and its
 * {@code Content-Range}, one starting past the end {@code 416}; any other {@code Range} is ignored (the whole file,
 * {@code 200}), as RFC 9110 lets a server do.
 *
 * <p>For tests of clients it can misbehave on purpose ({@link Fault}): answer with an error status,
 * answer late, or cut a body short. Faults count requests per path, so "fail the first 2" means every
 * matching file fails twice and then succeeds, whatever order a client fetches in.
 */
public final class ChunkStoreServer implements AutoCloseable {

    /**
     * A deliberate misbehaviour for request paths (relative, without the leading {@code /}) in which
     * {@code paths} finds a match.
     *
     * @param times    how many requests of each matching path are affected
     * @param status   answer with this status and no file instead (0: serve the file)
     * @param delay    wait this long before answering ({@link Duration#ZERO}: no wait)
     * @param truncate send the full Content-Length but only half the body, then drop the connection
     * @param ignoreRange answer a byte-range request with the whole file ({@code 200}), as a server without range
     *                    support does
     */
    public record Fault(Pattern paths, int times, int status, Duration delay, boolean truncate, boolean ignoreRange) {

        public Fault(Pattern paths, int times, int status, Duration delay, boolean truncate) {
            this(paths, times, status, delay, truncate, false);
        }

        public Fault {
            Objects.requireNonNull(paths, "paths");
            Objects.requireNonNull(delay, "delay");
            if (times < 0 || delay.isNegative() || (status != 0 && (status < 100 || status > 599))) {
                throw new IllegalArgumentException("bad fault: times " + times + ", status " + status + ", delay " + delay);
            }
        }

        /** The first {@code times} requests of each matching path get {@code status} (e.g. 503). */
        public static Fault fail(String pathRegex, int times, int status) {
            if (status < 100) {
                throw new IllegalArgumentException("status " + status);
            }
            return new Fault(Pattern.compile(pathRegex), times, status, Duration.ZERO, false);
        }

        /** Every matching request is answered after {@code delay}. */
        public static Fault delay(String pathRegex, Duration delay) {
            return new Fault(Pattern.compile(pathRegex), Integer.MAX_VALUE, 0, delay, false);
        }

        /** Every matching request is answered with the whole file, whatever {@code Range} it asks for. */
        public static Fault ignoreRanges(String pathRegex) {
            return new Fault(Pattern.compile(pathRegex), Integer.MAX_VALUE, 0, Duration.ZERO, false, true);
        }

        /** The first {@code times} requests of each matching path get half their body, then a dropped connection. */
        public static Fault truncate(String pathRegex, int times) {
            return new Fault(Pattern.compile(pathRegex), times, 0, Duration.ZERO, true);
        }
    }

    private final Path root;
    private final List<Fault> faults;
    private final HttpServer server;
    private final ExecutorService workers;
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> partialCounts = new ConcurrentHashMap<>();

    /** Serves {@code root} on 127.0.0.1:{@code port} (0: any free port) until {@link #close()}. */
    public ChunkStoreServer(Path root, int port) throws IOException {
        this(root, port, List.of());
    }

    public ChunkStoreServer(Path root, int port, List<Fault> faults) throws IOException {
        this(root, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), faults);
    }

    /** Serves {@code root} on {@code address}: the demo origin's image binds every interface (docs/deploy.md). */
    public ChunkStoreServer(Path root, InetSocketAddress address, List<Fault> faults) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("store folder " + root + " does not exist");
        }
        this.root = root.toRealPath();
        this.faults = List.copyOf(faults);
        AtomicInteger threads = new AtomicInteger();
        // Own threads, so a delayed answer does not hold up the others.
        this.workers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "chunk-store-origin-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.server = HttpServer.create(address, 64);
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:{port}/} (or the bound address); store paths resolve against it. */
    public URI uri() {
        InetAddress address = server.getAddress().getAddress();
        // Bound to every interface (--bind 0.0.0.0): loopback is one of them, and the one a local caller can use.
        String host = address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
        return URI.create("http://" + host + ":" + port() + "/");
    }

    public Path root() {
        return root;
    }

    /** Requests seen so far for a relative path (as the store layout writes it), whatever the answer. */
    public int requestCount(String path) {
        AtomicInteger count = requestCounts.get(path);
        return count == null ? 0 : count.get();
    }

    /** Answers of part of a file ({@code 206}) sent so far for a relative path. */
    public int partialCount(String path) {
        AtomicInteger count = partialCounts.get(path);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean head = "HEAD".equals(method);
            if (!head && !"GET".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                answer(exchange, 405, "method " + method + " not allowed", false);
                return;
            }
            String relative = relativePath(exchange.getRequestURI());
            if (relative == null) {
                answer(exchange, 400, "path leaves the store or is malformed", head);
                return;
            }
            int seen = requestCounts.computeIfAbsent(relative, p -> new AtomicInteger()).incrementAndGet();
            boolean truncate = false;
            boolean ranges = true;
            for (Fault fault : faults) {
                if (seen > fault.times() || !fault.paths().matcher(relative).find()) {
                    continue;
                }
                if (!fault.delay().isZero()) {
                    try {
                        Thread.sleep(fault.delay().toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (fault.status() != 0) {
                    answer(exchange, fault.status(), "injected fault", head);
                    return;
                }
                truncate |= fault.truncate();
                ranges &= !fault.ignoreRange();
            }
            Path file = resolve(relative);
            if (file == null) {
                answer(exchange, 404, "not found: " + relative, head);
                return;
            }
            if (serve(exchange, file, head, truncate, ranges ? exchange.getRequestHeaders().getFirst("Range") : null)) {
                partialCounts.computeIfAbsent(relative, p -> new AtomicInteger()).incrementAndGet();
            }
        }
    }

    /**
     * The request path without its leading {@code /}, or null when a segment is empty, {@code .},
     * {@code ..} or holds a backslash or NUL (checked after percent-decoding, so {@code %2e%2e} is caught).
     */
    static String relativePath(URI uri) {
        String path = uri.getPath();
        if (path == null || !path.startsWith("/") || path.length() == 1) {
            return path != null && path.equals("/") ? "" : null;
        }
        String relative = path.substring(1);
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.indexOf('\\') >= 0
                    || segment.indexOf('\0') >= 0) {
                return null;
            }
        }
        return relative;
    }

    /** The regular file under the root for this path, or null; symbolic links out of the root do not count. */
    private Path resolve(String relative) throws IOException {
        if (relative.isEmpty()) {
            return null;
        }
        Path candidate = root.resolve(relative).normalize();
        if (!candidate.startsWith(root) || !Files.isRegularFile(candidate)) {
            return null;
        }
        return candidate.toRealPath().startsWith(root) ? candidate : null;
    }

    /** Whether the answer was part of the file. */
    private static boolean serve(HttpExchange exchange, Path file, boolean head, boolean truncate, String range)
            throws IOException {
        long size = Files.size(file);
        exchange.getResponseHeaders().set("Content-Type", contentType(file));
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        long[] part = head ? null : byteRange(range, size);
        if (part != null && part[0] >= size) {
            exchange.getResponseHeaders().set("Content-Range", "bytes */" + size);
            answer(exchange, 416, "range not satisfiable: " + range + " of " + size + " bytes", false);
            return false;
        }
        if (part != null) {
            long length = part[1] - part[0];
            exchange.getResponseHeaders().set("Content-Range", "bytes " + part[0] + "-" + (part[1] - 1) + "/" + size);
            exchange.sendResponseHeaders(206, length);
            try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(file)) {
                OutputStream body = exchange.getResponseBody();
                long sent = truncate ? length / 2 : length;
                in.transferTo(part[0], sent, java.nio.channels.Channels.newChannel(body));
                body.flush();
            }
            return true;
        }
        if (head) {
            // The JDK server leaves Content-Length to us for HEAD and must be told there is no body.
            exchange.getResponseHeaders().set("Content-Length", Long.toString(size));
            exchange.sendResponseHeaders(200, -1);
            return false;
        }
        if (size == 0) {
            exchange.sendResponseHeaders(200, -1);
            return false;
        }
        exchange.sendResponseHeaders(200, size);
        OutputStream body = exchange.getResponseBody();
        try (InputStream in = Files.newInputStream(file)) {
            if (truncate) {
                body.write(in.readNBytes((int) Math.min(Integer.MAX_VALUE, size / 2)));
                body.flush();
                // Closing the exchange short of Content-Length makes the JDK server drop the connection.
                return false;
            }
            in.transferTo(body);
        }
        return false;
    }

    /**
     * {@code [first, end)} of a single range {@code bytes=FIRST-LAST} or {@code bytes=FIRST-} ({@code end} clipped
     * to the file); {@code first >= size} when it starts past the end; null for no range or any other form.
     */
    static long[] byteRange(String range, long size) {
        if (range == null) {
            return null;
        }
        java.util.regex.Matcher m = Pattern.compile("bytes=(\\d{1,18})-(\\d{0,18})").matcher(range.trim());
        if (!m.matches()) {
            return null;
        }
        long first = Long.parseLong(m.group(1));
        long last = m.group(2).isEmpty() ? size - 1 : Long.parseLong(m.group(2));
        if (last < first) {
            return null;
        }
        return new long[] {first, Math.min(last + 1, size)};
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".json")) {
            return "application/json";
        }
        if (name.endsWith(".zst")) {
            return "application/zstd";
        }
        return "application/octet-stream";
    }

    private static void answer(HttpExchange exchange, int status, String message, boolean head) throws IOException {
        byte[] body = (status + " " + message + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }
}
