package org.audifleet.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The chart in helm/audifleet, rendered by the Helm that helm-java embeds and parsed into the fabric8 model. */
final class Chart {

    static final Path DIR = Path.of("audifleet").toAbsolutePath();
    static final Path PRODUCTION_VALUES = DIR.resolve("values-production.yaml");
    static final String RELEASE = "audifleet";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Chart() {
    }

    /** Renders the chart as {@code helm template audifleet helm/audifleet -f FILE... --set K=V...} would. */
    static Rendered render(List<Path> valuesFiles, Map<String, String> sets) {
        TemplateCommand template = new Helm(DIR).template().withName(RELEASE).withNamespace("audifleet");
        valuesFiles.forEach(template::withValuesFile);
        sets.forEach(template::set);
        return new Rendered(parse(template.call()));
    }

    static Rendered render(Path... valuesFiles) {
        return render(List.of(valuesFiles), Map.of());
    }

    static Rendered render(Map<String, String> sets) {
        return render(List.of(), sets);
    }

    /** Every non-empty document of a multi-document YAML as its typed object (CRDs as generic resources). */
    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
                objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
            }
        }
        return objects;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The objects of one render, found by kind and name. */
    record Rendered(List<HasMetadata> objects) {

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        List<HasMetadata> ofKind(String kind) {
            return objects.stream().filter(o -> o.getKind().equals(kind)).toList();
        }

        <T extends HasMetadata> T one(Class<T> type, String name) {
            return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name
                    + " in " + objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList()));
        }

        <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
            return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
        }

        /** Every pod template of the render, by the name of its workload. */
        Map<String, PodSpec> podSpecs() {
            Map<String, PodSpec> pods = new java.util.TreeMap<>();
            all(Deployment.class).forEach(d -> pods.put(d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
            all(DaemonSet.class).forEach(d -> pods.put(d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
            return pods;
        }
    }
}
