package org.audifleet.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.audifleet.wire.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * helm/audifleet/values-production.yaml as docs/deploy.md installs it: an external SASL_SSL Kafka from Secrets,
 * the FDSN origins, autoscalers, monitors, NetworkPolicies and stations.
 */
class HelmProductionTests {

    /** With what the kubelet would expand if it read it twice: it does not, and neither does the test's expansion. */
    private static final String PASSWORD = "pa$$w0rd:$(HOME)";
    private static Chart.Rendered rendered;
    private static String yaml;

    @BeforeAll
    static void render() {
        var template = new Helm(Chart.DIR).template().withName(Chart.RELEASE).withNamespace("audifleet")
                .withValuesFile(Chart.PRODUCTION_VALUES);
        yaml = template.call();
        rendered = new Chart.Rendered(Chart.parse(yaml));
    }

    /** helm lint --strict reads only the chart's own values.yaml: lint a copy whose values are the production ones. */
    @Test
    void lintsStrictlyWithTheProductionValues(@TempDir Path copy) throws IOException {
        try (var files = Files.walk(Chart.DIR)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(Chart.DIR.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Map<String, Object> merged = Values.merge(Values.defaults(), Values.parse(Chart.read(Chart.PRODUCTION_VALUES)));
        Files.writeString(copy.resolve("values.yaml"), Values.write(merged));
        var result = new Helm(copy).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void everyPodIsRestrictedAndNoSecretIsInTheOutput() {
        HelmChartTests.assertEveryPodIsRestricted(rendered);
        assertThat(rendered.ofKind("Secret")).isEmpty();
        // Every password in the output is a reference: $(VAR) for the kubelet, ${secrets:...} for the Kafka client.
        assertThat(yaml).containsPattern("password=\\\\?\"[$]").doesNotContainPattern("password=\\\\?\"[^$]");
    }

    @Test
    void servicesTakeKafkaFromTheSecrets() {
        for (String name : List.of("fetcher", "decoder", "waveform")) {
            Container container = container("audifleet-" + name + "-service");
            Map<String, String> env = HelmChartTests.env(container);
            assertThat(env).containsEntry("AUDIFLEET_KAFKA_BOOTSTRAP", "secret:audifleet-kafka/bootstrap.servers")
                    .containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                    .containsEntry("SPRING_KAFKA_SSL_TRUST_STORE_LOCATION", "file:/etc/audifleet/kafka/truststore/truststore.p12")
                    .containsEntry("SPRING_KAFKA_SSL_TRUST_STORE_PASSWORD", "secret:audifleet-kafka-truststore/store.password")
                    .containsEntry("AUDIFLEET_KAFKA_SASL_USERNAME", name)
                    .containsEntry("AUDIFLEET_KAFKA_SASL_PASSWORD", "secret:audifleet-kafka-sasl/" + name + ".password")
                    .containsEntry("SPRING_KAFKA_PROPERTIES_SASL_MECHANISM", "SCRAM-SHA-512");
            assertThat(container.getVolumeMounts()).anySatisfy(m -> {
                assertThat(m.getMountPath()).isEqualTo("/etc/audifleet/kafka/truststore");
                assertThat(m.getReadOnly()).isTrue();
            });
        }
    }

    /**
     * The environment as Kubernetes hands it over ($(VAR) expanded, Secrets filled in) and as Spring Boot binds it:
     * the same client settings as infra/kafka/kafka-local-security's spring-PRINCIPAL.properties.
     */
    @Test
    void springBootBindsTheServicesEnvironmentToTheSecuredClientSettings() {
        Map<String, Object> env = environment(container("audifleet-decoder-service"), Map.of(
                "audifleet-kafka/bootstrap.servers", "kafka-0.kafka.kafka:9093,kafka-1.kafka.kafka:9093",
                "audifleet-kafka-truststore/store.password", "trust-me",
                "audifleet-kafka-sasl/decoder.password", PASSWORD));
        var source = new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env);
        KafkaProperties kafka = new Binder(ConfigurationPropertySources.from(source))
                .bindOrCreate("spring.kafka", KafkaProperties.class);
        Map<String, Object> consumer = kafka.buildConsumerProperties();
        assertThat(consumer).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.location", "/etc/audifleet/kafka/truststore/truststore.p12")
                .containsEntry("ssl.truststore.type", "PKCS12")
                .containsEntry("ssl.truststore.password", "trust-me")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"decoder\" password=\"" + PASSWORD + "\";");
        // fleet-kafka.yml reads the bootstrap list from AUDIFLEET_KAFKA_BOOTSTRAP.
        assertThat(env.get("AUDIFLEET_KAFKA_BOOTSTRAP")).isEqualTo("kafka-0.kafka.kafka:9093,kafka-1.kafka.kafka:9093");
    }

    @Test
    void autoscalersStayWithinTheInputTopicsPartitions() {
        Map<String, String> topics = Map.of("fetcher", Topics.PLAYBACK_REQUESTS, "decoder", Topics.CHUNKS_RAW,
                "waveform", Topics.AUDIO_PCM);
        topics.forEach((name, topic) -> {
            String fullname = "audifleet-" + name + "-service";
            HorizontalPodAutoscaler hpa = rendered.one(HorizontalPodAutoscaler.class, fullname);
            assertThat(hpa.getSpec().getMaxReplicas()).isLessThanOrEqualTo(Topics.partitions(topic));
            assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(fullname);
            assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(70);
            assertThat(rendered.one(Deployment.class, fullname).getSpec().getReplicas()).isNull();
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void monitorsScrapeTheServicesAndTheStations() {
        GenericKubernetesResource services = (GenericKubernetesResource) rendered.ofKind("ServiceMonitor").get(0);
        assertThat(services.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(services.getMetadata().getLabels()).containsEntry("release", "prometheus");
        Map<String, Object> spec = (Map<String, Object>) services.getAdditionalProperties().get("spec");
        assertThat((List<Map<String, Object>>) spec.get("endpoints")).singleElement()
                .isEqualTo(Map.of("port", "http", "path", "/actuator/prometheus", "interval", "15s"));
        Map<String, Object> selector = (Map<String, Object>) spec.get("selector");
        assertThat(((List<Map<String, Object>>) selector.get("matchExpressions")).get(0).get("values"))
                .isEqualTo(List.of("decoder-service", "fetcher-service", "waveform-service"));

        GenericKubernetesResource stations = (GenericKubernetesResource) rendered.ofKind("PodMonitor").get(0);
        Map<String, Object> podSpec = (Map<String, Object>) stations.getAdditionalProperties().get("spec");
        assertThat((List<Map<String, Object>>) podSpec.get("podMetricsEndpoints")).singleElement()
                .isEqualTo(Map.of("port", "metrics", "path", "/metrics", "interval", "15s"));
        assertThat(rendered.one(DaemonSet.class, "audifleet-station").getSpec().getTemplate().getSpec().getContainers()
                .get(0).getPorts().get(0).getName()).isEqualTo("metrics");
    }

    @Test
    void networkPoliciesLetPodsOutOnlyToDnsKafkaAndTheOrigins() {
        for (String name : List.of("fetcher-service", "decoder-service", "waveform-service", "station")) {
            NetworkPolicy policy = rendered.one(NetworkPolicy.class, "audifleet-" + name);
            assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
            List<NetworkPolicyEgressRule> egress = policy.getSpec().getEgress();
            assertThat(egress.get(0).getPorts()).extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                    .containsExactly("UDP/53", "TCP/53");
            assertThat(egress.get(0).getTo().get(0).getPodSelector().getMatchLabels()).containsEntry("k8s-app", "kube-dns");
            assertThat(egress.get(1).getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(9093);
            assertThat(egress.get(1).getTo().get(0).getNamespaceSelector().getMatchLabels())
                    .containsEntry("kubernetes.io/metadata.name", "kafka");
            assertThat(egress).hasSize(name.equals("fetcher-service") ? 3 : 2);
        }
        NetworkPolicyEgressRule origins = rendered.one(NetworkPolicy.class, "audifleet-fetcher-service").getSpec()
                .getEgress().get(2);
        assertThat(origins.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(443);
        assertThat(origins.getTo().get(0).getIpBlock().getCidr()).isEqualTo("0.0.0.0/0");
        assertThat(origins.getTo().get(0).getIpBlock().getExcept()).contains("10.0.0.0/8");
        var ingress = rendered.one(NetworkPolicy.class, "audifleet-waveform-service").getSpec().getIngress().get(0);
        assertThat(ingress.getPorts().get(0).getPort().getIntVal()).isEqualTo(8093);
        assertThat(ingress.getFrom()).hasSize(2);
    }

    /** KEDA on the secured broker: the same principal and CA as the service, by reference. */
    @Test
    @SuppressWarnings("unchecked")
    void kedaOnTheSecuredBrokerAuthenticatesAsTheService() {
        var keda = Chart.render(List.of(Chart.PRODUCTION_VALUES), Map.of("services.decoder.autoscaling.enabled", "false",
                "services.decoder.keda.enabled", "true"));
        var scaled = (GenericKubernetesResource) keda.ofKind("ScaledObject").get(0);
        Map<String, Object> trigger = ((List<Map<String, Object>>) ((Map<String, Object>) scaled.getAdditionalProperties()
                .get("spec")).get("triggers")).get(0);
        assertThat((Map<String, Object>) trigger.get("metadata")).containsEntry("bootstrapServersFromEnv", "AUDIFLEET_KAFKA_BOOTSTRAP")
                .containsEntry("sasl", "scram_sha512").containsEntry("tls", "enable").doesNotContainKey("bootstrapServers");
        assertThat(trigger.get("authenticationRef")).isEqualTo(Map.of("name", "audifleet-decoder-service"));
        var auth = (GenericKubernetesResource) keda.ofKind("TriggerAuthentication").get(0);
        Map<String, Object> spec = (Map<String, Object>) auth.getAdditionalProperties().get("spec");
        assertThat((List<Map<String, Object>>) spec.get("secretTargetRef")).containsExactly(
                Map.of("parameter", "password", "name", "audifleet-kafka-sasl", "key", "decoder.password"),
                Map.of("parameter", "ca", "name", "audifleet-kafka-truststore", "key", "ca.crt"));
        assertThat((List<Map<String, Object>>) spec.get("env")).containsExactly(Map.of("parameter", "username",
                "name", "AUDIFLEET_KAFKA_SASL_USERNAME", "containerName", "decoder-service"));
    }

    /**
     * The station's --kafka-config holds no secret: Kafka's DirectoryConfigProvider reads the passwords from the
     * mounted Secrets when the client is made. Checked with the Kafka client itself, on a copy of the mounts.
     */
    @Test
    void stationKafkaConfigResolvesItsSecretsFromTheMountedFiles(@TempDir Path mounts) throws IOException {
        String properties = rendered.one(ConfigMap.class, "audifleet-station").getData().get("kafka.properties");
        assertThat(properties).doesNotContain(PASSWORD);
        Files.createDirectories(mounts.resolve("sasl"));
        Files.createDirectories(mounts.resolve("truststore"));
        Files.writeString(mounts.resolve("sasl/station.password"), PASSWORD);
        Files.writeString(mounts.resolve("truststore/store.password"), "trust-me");
        Properties props = new Properties();
        props.load(new StringReader(properties.replace("/etc/audifleet/kafka", mounts.toString())));
        props.put("bootstrap.servers", "kafka-0.kafka.kafka:9093");
        props.put("key.serializer", StringSerializer.class.getName());
        props.put("value.serializer", StringSerializer.class.getName());
        ProducerConfig config = new ProducerConfig(props);
        assertThat(config.getString("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(config.getPassword("sasl.jaas.config").value()).isEqualTo(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"station\" password=\"" + PASSWORD + "\";");
        assertThat(config.getPassword("ssl.truststore.password").value()).isEqualTo("trust-me");
        assertThat(config.getString("ssl.truststore.location")).isEqualTo(mounts.resolve("truststore/truststore.p12").toString());

        PodSpec pod = rendered.one(DaemonSet.class, "audifleet-station").getSpec().getTemplate().getSpec();
        assertThat(pod.getContainers().get(0).getArgs()).containsSequence("--kafka-config", "/etc/audifleet/kafka/station/kafka.properties");
        assertThat(pod.getContainers().get(0).getVolumeMounts()).extracting(m -> m.getMountPath())
                .contains("/etc/audifleet/kafka/station", "/etc/audifleet/kafka/sasl", "/etc/audifleet/kafka/truststore");
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("kafka-sasl")).singleElement()
                .satisfies(v -> assertThat(v.getSecret().getItems()).singleElement()
                        .satisfies(item -> assertThat(item.getKey()).isEqualTo("station.password")));
    }

    private static Container container(String deployment) {
        return rendered.one(Deployment.class, deployment).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** A container's environment with Secrets filled in and $(VAR) expanded in order, as the kubelet does. */
    private static Map<String, Object> environment(Container container, Map<String, String> secrets) {
        Map<String, Object> env = new LinkedHashMap<>();
        Pattern reference = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");
        for (EnvVar var : container.getEnv()) {
            String value;
            if (var.getValue() != null) {
                Matcher m = reference.matcher(var.getValue());
                StringBuilder expanded = new StringBuilder();
                while (m.find()) {
                    Object earlier = env.get(m.group(1));
                    m.appendReplacement(expanded, Matcher.quoteReplacement(earlier != null ? earlier.toString() : m.group()));
                }
                value = m.appendTail(expanded).toString();
            } else {
                var ref = var.getValueFrom().getSecretKeyRef();
                value = secrets.get(ref.getName() + "/" + ref.getKey());
            }
            env.put(var.getName(), value);
        }
        return env;
    }
}
