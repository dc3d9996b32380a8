package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * promtool on the repository's Prometheus files: the configuration (infra/prometheus/prometheus.yml) and the alert
 * rules (infra/prometheus/rules/*.yml) are valid, and each rule file's unit tests (rules/tests/*.test.yml) pass.
 * Skipped with a message where promtool is not installed, required under CI=true.
 */
class PrometheusRulesTests {

    static final Path PROMETHEUS = Path.of("..", "infra", "prometheus");

    @Test
    void theConfigurationIsValid() throws Exception {
        assertThat(promtool("check", "config", PROMETHEUS.resolve("prometheus.yml").toString()))
                .contains("is valid prometheus config file syntax").contains("SUCCESS: 7 rules found");
    }

    @Test
    void theAlertRulesAreValid() throws Exception {
        List<String> args = new ArrayList<>(List.of("check", "rules"));
        args.addAll(files(PROMETHEUS.resolve("rules"), ".yml"));
        assertThat(promtool(args.toArray(String[]::new))).contains("SUCCESS");
    }

    @Test
    void everyAlertHasAUnitTestAndTheyPass() throws Exception {
        List<String> tests = files(PROMETHEUS.resolve("rules").resolve("tests"), ".test.yml");
        assertThat(tests).isNotEmpty();
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        args.addAll(tests);
        assertThat(promtool(args.toArray(String[]::new))).contains("SUCCESS");
        // Every alert in the rule files is named by an alert_rule_test.
        String rules = Files.readString(PROMETHEUS.resolve("rules").resolve("audifleet.yml"));
        String tested = String.join("\n", tests.stream().map(f -> read(Path.of(f))).toList());
        List<String> alerts = rules.lines().map(String::strip).filter(l -> l.startsWith("- alert: "))
                .map(l -> l.substring("- alert: ".length())).toList();
        assertThat(alerts).hasSize(7).allSatisfy(a -> assertThat(tested).contains("alertname: " + a + "\n"));
    }

    private static List<String> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().map(Path::toString).toList();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs promtool; its output when it exits 0, else the test fails with it. */
    static String promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PrometheusServer.binary("promtool").toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }
}
