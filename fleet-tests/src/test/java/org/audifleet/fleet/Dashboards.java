package org.audifleet.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The panel queries of infra/grafana/dashboards/*.json, and their variables substituted the way Grafana does before it
 * sends a query to Prometheus. Grafana cannot be installed here (not in Debian, Maven Central or npm), so this is what
 * stands in for it in PrometheusDashboardsIntegrationTests and ObserveDocTests.
 */
final class Dashboards {

    /** The module runs with its own folder as working directory (surefire's default). */
    static final Path FOLDER = Path.of("..", "infra", "grafana", "dashboards");
    static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)\\}|\\$(\\w+)");

    /** One target of one panel. */
    record Query(String dashboard, String panel, String refId, String expr) {
        @Override
        public String toString() {
            return dashboard + " / " + panel + " / " + refId;
        }
    }

    static List<Query> queries() throws IOException {
        List<Query> queries = new ArrayList<>();
        JsonMapper json = JsonMapper.builder().build();
        try (Stream<Path> files = Files.list(FOLDER)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode board = json.readTree(Files.readString(file));
                for (JsonNode panel : board.get("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        queries.add(new Query(board.get("title").asString(), panel.get("title").asString(),
                                target.get("refId").asString(), target.get("expr").asString()));
                    }
                }
            }
        }
        return queries;
    }

    /**
     * Grafana's substitution for an instant query: {@code $__rate_interval} is max({@code $__interval} + scrape
     * interval, 4 × scrape interval), where the scrape interval is the data source's {@code timeInterval} and
     * {@code $__interval} at least that; with the panels' time range the 4× term wins. Any other variable takes its
     * value from {@code values} (a repeated row's station, or {@code .*}: the dashboards' {@code allValue} for All),
     * regex-escaped as Grafana's Prometheus data source does for a value inside {@code =~"..."}.
     */
    static String substitute(String expr, Duration scrapeInterval, Map<String, String> values) {
        String rateInterval = 4 * scrapeInterval.toMillis() + "ms";
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value;
            if (name.equals("__rate_interval")) {
                value = rateInterval;
            } else if (values.containsKey(name)) {
                String v = values.get(name);
                value = v.equals(".*") ? v : v.replaceAll("[\\\\^$*+?.()|{}\\[\\]]", "\\\\\\\\$0");
            } else {
                throw new IllegalArgumentException("no value for $" + name + " in " + expr);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private Dashboards() {
    }
}
