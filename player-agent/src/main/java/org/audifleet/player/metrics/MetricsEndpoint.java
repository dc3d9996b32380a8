package org.audifleet.player.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves {@link StationMetrics} at {@code GET /metrics} in Prometheus's text format, from the JDK's own HTTP server on
 * one daemon thread (no web framework in the station). Anything else is 404, or 405 for another method.
 */
public final class MetricsEndpoint implements AutoCloseable {

    static final String PATH = "/metrics";
    /** Prometheus's text exposition format, as the registry writes it. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on {@code bind:port} ({@code port} 0: a free one, see {@link #address()}); throws when it cannot. */
    public static MetricsEndpoint start(StationMetrics metrics, InetAddress bind, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "station-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> answer(exchange, metrics));
        server.start();
        return new MetricsEndpoint(server, executor);
    }

    private static void answer(HttpExchange exchange, StationMetrics metrics) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                send(exchange, 404, "not found: the station serves only " + PATH + "\n", method);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, method + " not allowed: GET " + PATH + "\n", method);
            } else {
                exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
                send(exchange, 200, metrics.scrape(), method);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String body, String method) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (method.equals("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Where it listens (the port chosen when 0 was asked). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** {@code http://127.0.0.1:PORT/metrics}: what the station logs and a Prometheus target scrapes. */
    public String url() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + PATH;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
