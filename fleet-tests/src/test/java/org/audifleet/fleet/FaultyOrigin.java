package org.audifleet.fleet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.audifleet.chunkstore.ZstdBombs;

/**
 * A chunk store on loopback that misbehaves at the HTTP level in ways {@code chunk-store-demo}'s
 * {@code ChunkStoreServer} does not: redirects, bodies over a cap, drips, resets, garbage, half a zstd frame,
 * decompression bombs, 429 with Retry-After, and manifests that are garbage, too big or too slow. It answers on a
 * raw socket (one request per connection, {@code Connection: close}) so a fault can do anything to the connection,
 * such as reset it before a byte is sent.
 *
 * <p>A request's first path segment names its {@link Fault}: {@code /{fault}/{store path}}, so every fault is its own
 * fetcher origin ({@code audifleet.origins.<fault>.url=http://127.0.0.1:port/<fault>/}). A fault hits only the
 * chunk files whose name holds {@link #TARGET} (the 00:10 to 00:20 chunk of 10 min chunks), or, for a
 * {@code MANIFEST_} fault, the day manifests; everything else is the store as it is.
 */
final class FaultyOrigin implements AutoCloseable {

    /** The chunk a fault hits: chunk 1 of a session from 00:00 in 10 min chunks. */
    static final String TARGET = "T001000Z.10m.i32.zst";

    enum Fault {
        /** 302 to the same path on {@code localhost}: another host than the origin's {@code 127.0.0.1}. */
        REDIRECT_OFF_ORIGIN,
        /** 302 to the same file under the {@code clean} prefix of this origin: same scheme, host and port. */
        REDIRECT_WITHIN,
        /** 200 streaming 4 MiB of zeros without a Content-Length, over the chunk's cap of about 1 MB. */
        OVERSIZE,
        /** 200 declaring a Content-Length of 1 GiB. */
        DECLARED_OVERSIZE,
        /** 200 with the real Content-Length, then one byte every 200 ms. */
        DRIP,
        /** 503 for the first two requests, then the file. */
        UNAVAILABLE_TWICE,
        /** 503 always. */
        UNAVAILABLE,
        /** 429 with {@code Retry-After: 1} for the first request, then the file. */
        TOO_MANY_REQUESTS,
        /** The first request's connection is reset (RST) before anything is answered, then the file. */
        RESET,
        /** The first request gets the full Content-Length but half the body and a closed connection, then the file. */
        TRUNCATED,
        /** 200 with 5,000 random bytes: not zstd at all. */
        GARBAGE,
        /** 200 with the first half of the real file and a Content-Length to match: a zstd frame cut in half. */
        HALF_FRAME,
        /** 404: no such chunk. */
        NOT_FOUND,
        /** 200 with {@link ZstdBombs#twoGiB()}: a 64 KiB frame of 2 GiB of zeros, no size in its header. */
        BOMB,
        /**
         * 200 with a frame of exactly the chunk's 60,000 samples, all zeros, no size in its header: 23 bytes,
         * a ratio over 10,000 to one, yet no bomb.
         */
        ZEROS_OF_ITS_GRID,
        /** The day manifest is 200 with an HTML page, as a proxy in front of a store may answer. */
        MANIFEST_GARBAGE,
        /** The day manifest streams 2 MiB of JSON whitespace without a Content-Length, over this origin's cap. */
        MANIFEST_OVERSIZE("max-body-size", "1MB"),
        /**
         * The day manifest answers nothing for {@link #SLOW_MANIFEST}, longer than the fetcher's planning time
         * (this origin's attempt deadline is longer still, so planning's deadline is what ends it).
         */
        MANIFEST_SLOW("request-timeout", "60s", "retries", "0"),
        /** An origin whose port nothing listens on: every connection refused. */
        UNREACHABLE,
        /** Nothing wrong: the target of {@link #REDIRECT_WITHIN}. */
        CLEAN;

        /** This origin's own settings in place of {@link #originArgs()}' shared ones: name, value, name, value. */
        private final List<String> settings;

        Fault(String... settings) {
            this.settings = List.of(settings);
        }

        /** The path prefix and origin name: {@code REDIRECT_OFF_ORIGIN} is {@code redirect-off-origin}. */
        String origin() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        boolean hitsManifests() {
            return name().startsWith("MANIFEST_");
        }
    }

    /** How long {@link Fault#MANIFEST_SLOW} holds the manifest back before it answers 503. */
    static final Duration SLOW_MANIFEST = Duration.ofSeconds(30);

    private final Path store;
    private final ServerSocket socket;
    private final Thread acceptor;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    /** A loopback port that was free when this origin started, for {@link Fault#UNREACHABLE}. */
    private final int closedPort;

    FaultyOrigin(Path store) throws IOException {
        this.store = store;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.closedPort = free.getLocalPort();
        }
        this.socket = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "faulty-origin");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri(Fault fault) {
        int port = fault == Fault.UNREACHABLE ? closedPort : socket.getLocalPort();
        return URI.create("http://127.0.0.1:" + port + "/" + fault.origin() + "/");
    }

    /** The fetcher's configuration of one origin per fault. */
    String[] originArgs() {
        List<String> args = new ArrayList<>();
        for (Fault f : Fault.values()) {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("kind", "chunk-store");
            settings.put("url", uri(f).toString());
            settings.put("chunk-policy", "10m");
            // Two retries (10 ms, then 20 ms later) and a 2 s deadline per attempt: each outcome within seconds.
            settings.put("retries", "2");
            settings.put("retry-backoff", "10ms");
            settings.put("request-timeout", "2s");
            for (int i = 0; i < f.settings.size(); i += 2) {
                // In place, not after: a property given twice on the command line binds as "first,second".
                settings.put(f.settings.get(i), f.settings.get(i + 1));
            }
            settings.forEach((name, value) -> args.add("--audifleet.origins." + f.origin() + "." + name + "=" + value));
        }
        return args.toArray(String[]::new);
    }

    /** Requests so far of the fault's target: chunk 1, or a day manifest for a {@code MANIFEST_} fault. */
    int targetRequests(Fault fault) {
        AtomicInteger n = requests.get(fault.origin());
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                Thread t = new Thread(() -> answer(connection), "faulty-origin-answer");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void answer(Socket connection) {
        try (connection) {
            BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            String requestLine = in.readLine();
            for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                // Headers are not needed to answer.
            }
            if (requestLine == null) {
                return;
            }
            String path = URI.create(requestLine.split(" ")[1]).getPath().substring(1);
            int slash = path.indexOf('/');
            String prefix = slash < 0 ? path : path.substring(0, slash);
            Fault fault = Arrays.stream(Fault.values()).filter(f -> f.origin().equals(prefix)).findFirst()
                    .orElse(null);
            Path file = slash < 0 ? null : store.resolve(path.substring(slash + 1)).normalize();
            OutputStream out = connection.getOutputStream();
            if (fault == null || file == null || !file.startsWith(store) || !Files.isRegularFile(file)) {
                head(out, 404, "Not Found", 0, "");
                return;
            }
            byte[] body = Files.readAllBytes(file);
            String name = file.getFileName().toString();
            if (fault.hitsManifests() ? !name.equals("manifest.json") : !name.endsWith(TARGET)) {
                serveAfter(0, 1, out, body, () -> { });
                return;
            }
            int seen = requests.computeIfAbsent(fault.origin(), f -> new AtomicInteger()).incrementAndGet();
            misbehave(fault, seen, connection, out, body, path.substring(slash + 1));
        } catch (IOException | InterruptedException clientWentAway) {
            // The fetcher gave up on the answer (a cap, a deadline): what the fault is for.
        }
    }

    private void misbehave(Fault fault, int seen, Socket connection, OutputStream out, byte[] body, String relative)
            throws IOException, InterruptedException {
        switch (fault) {
            case REDIRECT_OFF_ORIGIN -> head(out, 302, "Found", 0, "Location: http://localhost:"
                    + socket.getLocalPort() + "/clean/" + relative + "\r\n");
            case REDIRECT_WITHIN -> head(out, 302, "Found", 0, "Location: /clean/" + relative + "\r\n");
            case OVERSIZE -> {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/zstd\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                byte[] zeros = new byte[64 * 1024];
                for (int i = 0; i < 64; i++) {
                    out.write(zeros);
                }
            }
            case DECLARED_OVERSIZE -> {
                head(out, 200, "OK", 1L << 30, "");
                out.write(body);
            }
            case DRIP -> {
                head(out, 200, "OK", body.length, "");
                for (byte b : body) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(200);
                }
            }
            case UNAVAILABLE -> head(out, 503, "Service Unavailable", 0, "");
            case UNAVAILABLE_TWICE -> serveAfter(2, seen, out, body,
                    () -> head(out, 503, "Service Unavailable", 0, ""));
            case TOO_MANY_REQUESTS -> serveAfter(1, seen, out, body,
                    () -> head(out, 429, "Too Many Requests", 0, "Retry-After: 1\r\n"));
            // With linger 0, close() sends RST instead of FIN.
            case RESET -> serveAfter(1, seen, out, body, () -> connection.setSoLinger(true, 0));
            case TRUNCATED -> {
                head(out, 200, "OK", body.length, "");
                out.write(body, 0, seen == 1 ? body.length / 2 : body.length);
            }
            case GARBAGE -> {
                byte[] garbage = new byte[5000];
                new Random(5).nextBytes(garbage);
                head(out, 200, "OK", garbage.length, "");
                out.write(garbage);
            }
            case HALF_FRAME -> {
                head(out, 200, "OK", body.length / 2, "");
                out.write(body, 0, body.length / 2);
            }
            case NOT_FOUND -> head(out, 404, "Not Found", 0, "");
            case BOMB -> ok(out, ZstdBombs.twoGiB());
            // The target's grid: 10 min at 100 Hz, 4 bytes a sample.
            case ZEROS_OF_ITS_GRID -> ok(out, ZstdBombs.zeros(60_000 * 4));
            case MANIFEST_GARBAGE -> ok(out, "<html><body><h1>Store moved</h1></body></html>\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            case MANIFEST_OVERSIZE -> {
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                byte[] spaces = new byte[64 * 1024];
                Arrays.fill(spaces, (byte) ' ');
                for (int i = 0; i < 32; i++) {
                    out.write(spaces);
                }
            }
            case MANIFEST_SLOW -> {
                for (long until = System.nanoTime() + SLOW_MANIFEST.toNanos(); System.nanoTime() < until
                        && !socket.isClosed();) {
                    Thread.sleep(100);
                }
                head(out, 503, "Service Unavailable", 0, "");
            }
            case UNREACHABLE -> throw new IllegalStateException("nothing reaches " + uri(fault));
            case CLEAN -> serveAfter(0, seen, out, body, () -> { });
        }
        out.flush();
    }

    interface Misbehaviour {
        void act() throws IOException;
    }

    /** The first {@code times} requests get {@code first}, later ones the file. */
    private static void serveAfter(int times, int seen, OutputStream out, byte[] body, Misbehaviour first)
            throws IOException {
        if (seen <= times) {
            first.act();
        } else {
            head(out, 200, "OK", body.length, "");
            out.write(body);
        }
    }

    private static void ok(OutputStream out, byte[] body) throws IOException {
        head(out, 200, "OK", body.length, "");
        out.write(body);
    }

    private static void head(OutputStream out, int status, String reason, long length, String headers)
            throws IOException {
        out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/zstd\r\nContent-Length: "
                + length + "\r\n" + headers + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
