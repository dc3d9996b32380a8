package org.audifleet.fleet;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import org.audifleet.decoder.DecoderApplication;
import org.audifleet.fetcher.FetcherApplication;
import org.audifleet.waveform.WaveformApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The three services, each its own Spring application context, on one real broker and one real
 * origin on loopback: the same processes bin/demo starts, here inside the test JVM so a test can stop
 * and restart one of them.
 */
final class Fleet implements AutoCloseable {

    enum Service { FETCHER, DECODER, WAVEFORM }

    private final String bootstrap;
    private final List<String> serviceArgs;
    private final List<ConfigurableApplicationContext> running = new ArrayList<>();
    private final ConfigurableApplicationContext[] byService = new ConfigurableApplicationContext[3];
    private final EnumMap<Service, List<String>> ownArgs = new EnumMap<>(Service.class);

    /**
     * @param serviceArgs extra command-line arguments for every service, e.g. origin definitions
     *                    ({@code --audifleet.origins.demo.url=http://127.0.0.1:1234/})
     */
    Fleet(String bootstrap, String... serviceArgs) {
        this.bootstrap = bootstrap;
        this.serviceArgs = List.of(serviceArgs);
    }

    /** Extra arguments for one service only, after the shared ones (its own Kafka principal, say). */
    Fleet serviceArgs(Service service, String... args) {
        ownArgs.put(service, List.of(args));
        return this;
    }

    Fleet startAll() {
        for (Service s : Service.values()) {
            start(s);
        }
        return this;
    }

    ConfigurableApplicationContext start(Service service) {
        SpringApplicationBuilder app = switch (service) {
            case FETCHER -> FetcherApplication.application();
            case DECODER -> DecoderApplication.application();
            case WAVEFORM -> WaveformApplication.application();
        };
        List<String> args = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + bootstrap, "--server.port=0",
                "--spring.main.banner-mode=off"));
        args.addAll(serviceArgs);
        args.addAll(ownArgs.getOrDefault(service, List.of()));
        ConfigurableApplicationContext context = app.run(args.toArray(String[]::new));
        byService[service.ordinal()] = context;
        running.add(context);
        return context;
    }

    void stop(Service service) {
        ConfigurableApplicationContext context = byService[service.ordinal()];
        if (context != null) {
            context.close();
            running.remove(context);
            byService[service.ordinal()] = null;
        }
    }

    int port(Service service) {
        return Integer.parseInt(byService[service.ordinal()].getEnvironment().getProperty("local.server.port"));
    }

    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        running.clear();
    }

    /** Closes what a test class started, in order, skipping what never started. */
    static void closeAll(AutoCloseable... started) {
        for (AutoCloseable c : started) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing " + c + " failed", e);
                }
            }
        }
    }
}
