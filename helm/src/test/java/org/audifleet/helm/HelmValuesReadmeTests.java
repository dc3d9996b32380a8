package org.audifleet.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** helm/audifleet/README.md's "Values" table documents every key of values.yaml, and no other. */
class HelmValuesReadmeTests {

    /** Free-form maps: documented as one key, whatever they hold. */
    private static final Set<String> FREE_MAPS = Set.of("origins", "podAnnotations", "podSecurityContext",
            "securityContext", "serviceAccount.annotations", "metrics.serviceMonitor.labels",
            "metrics.podMonitor.labels", "services.<key>.env", "services.<key>.config", "services.<key>.resources",
            "demoOrigin.resources", "timeService.resources", "station.nodeSelector", "station.resources");

    @Test
    void readmeTableAndValuesHoldTheSameKeys() {
        Set<String> values = new LinkedHashSet<>();
        leaves("", Values.defaults(), values);
        String readme = Chart.read(Chart.DIR.resolve("README.md"));
        String table = readme.substring(readme.indexOf("\n## Values"), readme.indexOf("\n## ", readme.indexOf("\n## Values") + 1));
        Set<String> documented = new LinkedHashSet<>();
        Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(table).results().forEach(m -> documented.add(m.group(1)));

        assertThat(documented).as("keys in README.md's table").containsExactlyInAnyOrderElementsOf(values);
    }

    @SuppressWarnings("unchecked")
    private static void leaves(String path, Object value, Set<String> out) {
        if (value instanceof Map<?, ?> map && !map.isEmpty() && !FREE_MAPS.contains(path)) {
            ((Map<String, Object>) map).forEach((key, child) -> {
                String name = path.equals("services") ? "<key>" : key;
                leaves(path.isEmpty() ? name : path + "." + name, child, out);
            });
        } else {
            out.add(path);
        }
    }
}
