package org.audifleet.helm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** values.yaml and friends as plain maps. */
final class Values {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Values() {
    }

    static Map<String, Object> defaults() {
        return parse(Chart.read(Chart.DIR.resolve("values.yaml")));
    }

    static Map<String, Object> parse(String yaml) {
        try {
            Map<String, Object> map = YAML.readValue(yaml, new TypeReference<LinkedHashMap<String, Object>>() { });
            return map == null ? new LinkedHashMap<>() : map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    /** Helm's merge of a values file over the defaults: maps merge key by key, anything else is replaced. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        over.forEach((key, value) -> merged.merge(key, value, (a, b) -> a instanceof Map && b instanceof Map
                ? merge((Map<String, Object>) a, (Map<String, Object>) b) : b));
        return merged;
    }

    static String write(Map<String, Object> values) {
        try {
            return YAML.writeValueAsString(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
