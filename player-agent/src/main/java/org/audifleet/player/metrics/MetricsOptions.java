package org.audifleet.player.metrics;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options {@code play} and {@code daemon} share for serving metrics (a picocli mixin). Without
 * {@code --metrics-port} nothing is served and nothing of Micrometer is loaded.
 */
public final class MetricsOptions {

    @Option(names = "--metrics-port", paramLabel = "PORT", converter = Port.class,
            description = "Serve Prometheus metrics at http://BIND:PORT/metrics while the station runs (0: a free"
                + " port, logged on stderr). Default: no metrics.")
    Integer port;

    @Option(names = "--metrics-bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1", converter = Address.class,
            description = "Address the metrics endpoint listens on (default: ${DEFAULT-VALUE}, loopback only;"
                + " 0.0.0.0 for every interface).")
    InetAddress bind;

    /** Whether {@code --metrics-port} was given. */
    public boolean enabled() {
        return port != null;
    }

    /**
     * Registers the station's metrics and serves them, telling {@code err} where:
     * {@code player-agent: metrics at http://127.0.0.1:PORT/metrics}. Throws with the address when it cannot listen.
     */
    public Served serve(String station, StationMetrics.Trigger trigger, PrintStream err) throws IOException {
        StationMetrics metrics = new StationMetrics(station, trigger);
        MetricsEndpoint endpoint;
        try {
            endpoint = MetricsEndpoint.start(metrics, bind, port);
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on " + bind.getHostAddress() + ":" + port + ": "
                    + e.getMessage(), e);
        }
        err.println("player-agent: metrics at " + endpoint.url());
        return new Served(metrics, endpoint);
    }

    /** The metrics and the endpoint serving them; closing it stops serving. */
    public record Served(StationMetrics metrics, MetricsEndpoint endpoint) implements AutoCloseable {
        @Override
        public void close() {
            endpoint.close();
        }
    }

    /** A TCP port, 0 to 65535. */
    static final class Port implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            try {
                int port = Integer.parseInt(text.trim());
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // told below
            }
            throw new CommandLine.TypeConversionException("'" + text + "' is not a port from 0 to 65535 (0: a free"
                    + " port)");
        }
    }

    /** A literal IP address: the option never waits on a name lookup. */
    static final class Address implements CommandLine.ITypeConverter<InetAddress> {
        @Override
        public InetAddress convert(String text) {
            String t = text.trim();
            boolean ipv4 = t.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                    && java.util.Arrays.stream(t.split("\\.")).allMatch(octet -> Integer.parseInt(octet) <= 255);
            if (ipv4 || t.contains(":")) {
                try {
                    return InetAddress.getByName(t); // a literal (with a colon: IPv6 or nothing), never looked up
                } catch (UnknownHostException e) {
                    // told below
                }
            }
            throw new CommandLine.TypeConversionException("'" + text + "' is not an IP address (127.0.0.1, 0.0.0.0,"
                    + " ::1)");
        }
    }
}
