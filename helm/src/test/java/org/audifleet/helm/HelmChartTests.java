package org.audifleet.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.audifleet.wire.Topics;
import org.junit.jupiter.api.Test;

/** The chart with its default values, and the switches a trial install or a station uses. */
class HelmChartTests {

    private static final List<String> SERVICES = List.of("fetcher-service", "decoder-service", "waveform-service");

    @Test
    void lintsStrictly() {
        var result = new Helm(Chart.DIR).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
    }

    @Test
    void defaultsRenderTheThreeServicesAndNothingOptional() {
        var rendered = Chart.render(Map.of());
        assertThat(rendered.objects().stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()))
                .containsExactlyInAnyOrder("ServiceAccount/audifleet", "ConfigMap/audifleet-fetcher-service",
                        "Deployment/audifleet-fetcher-service", "Deployment/audifleet-decoder-service",
                        "Deployment/audifleet-waveform-service", "Service/audifleet-fetcher-service",
                        "Service/audifleet-decoder-service", "Service/audifleet-waveform-service",
                        "PodDisruptionBudget/audifleet-fetcher-service",
                        "PodDisruptionBudget/audifleet-decoder-service",
                        "PodDisruptionBudget/audifleet-waveform-service");
        for (String name : SERVICES) {
            Deployment deployment = rendered.one(Deployment.class, name.replaceFirst("^", "audifleet-"));
            assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getImage()).isEqualTo("audifleet/" + name + ":0.1.0-SNAPSHOT");
            assertThat(env(container)).containsEntry("AUDIFLEET_KAFKA_BOOTSTRAP", "kafka:9092")
                    .doesNotContainKeys("SPRING_KAFKA_SECURITY_PROTOCOL", "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG");
            PodDisruptionBudget pdb = rendered.one(PodDisruptionBudget.class, "audifleet-" + name);
            assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
            assertThat(pdb.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
        }
        assertThat(rendered.one(ServiceAccount.class, "audifleet").getAutomountServiceAccountToken()).isFalse();
        assertEveryPodIsRestricted(rendered);
    }

    /** The default origins are the public FDSN services the fetcher knows by name, with its own URLs for them. */
    @Test
    void defaultOriginsAreTheFetchersWellKnownFdsnServices() {
        String source = Chart.read(Path.of("../fetcher-service/src/main/java/org/audifleet/fetcher/origin/fdsn/WellKnownFdsn.java"));
        Map<String, String> wellKnown = Pattern.compile("\"(\\w+)\", URI\\.create\\(\"([^\"]+)\"\\)").matcher(source)
                .results().collect(Collectors.toMap(m -> m.group(1), m -> m.group(2), (a, b) -> a, TreeMap::new));
        assertThat(wellKnown).hasSize(4);

        Map<String, Map<String, String>> origins = fetcherOrigins(Chart.render(Map.of()));
        assertThat(origins.keySet()).isEqualTo(wellKnown.keySet());
        wellKnown.forEach((name, url) -> assertThat(origins.get(name)).isEqualTo(Map.of("kind", "fdsn", "url", url)));
    }

    /** values.yaml's topics and partition counts are wire Topics' (the bound of replicas and autoscalers). */
    @Test
    void servicePartitionsAreTheInputTopics() {
        Map<String, Object> services = Values.map(Values.defaults(), "services");
        Map<String, String> consumedBy = Map.of("fetcher", Topics.PLAYBACK_REQUESTS, "decoder", Topics.CHUNKS_RAW,
                "waveform", Topics.AUDIO_PCM);
        consumedBy.forEach((key, topic) -> {
            Map<String, Object> service = Values.map(services, key);
            assertThat(service.get("topic")).isEqualTo(topic);
            assertThat(service.get("partitions")).as(key).isEqualTo(Topics.partitions(topic));
        });
    }

    @Test
    void replicasOrAutoscalerBeyondThePartitionsAreRefused() {
        assertThatThrownBy(() -> Chart.render(Map.of("services.waveform.replicas", "4")))
                .hasMessageContaining("services.waveform.replicas 4 is more than audio.pcm's 3 partitions: the extra replicas would sit idle");
        assertThatThrownBy(() -> Chart.render(Map.of("services.decoder.autoscaling.enabled", "true",
                "services.decoder.autoscaling.maxReplicas", "13")))
                .hasMessageContaining("services.decoder.autoscaling.maxReplicas 13 is more than chunks.raw's 12 partitions");
        assertThatThrownBy(() -> Chart.render(Map.of("services.decoder.autoscaling.enabled", "true",
                "services.decoder.keda.enabled", "true")))
                .hasMessageContaining("services.decoder: autoscaling and keda are both enabled");
    }

    @Test
    void kedaScalesOnTheConsumerGroupsLagWithinThePartitions() {
        var rendered = Chart.render(Map.of("services.waveform.keda.enabled", "true",
                "services.waveform.autoscaling.maxReplicas", "3"));
        var scaled = rendered.ofKind("ScaledObject");
        assertThat(scaled).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) ((io.fabric8.kubernetes.api.model.GenericKubernetesResource) scaled.get(0))
                .getAdditionalProperties().get("spec");
        assertThat(spec.get("maxReplicaCount")).isEqualTo(Topics.partitions(Topics.AUDIO_PCM));
        assertThat(spec.get("scaleTargetRef")).isEqualTo(Map.of("name", "audifleet-waveform-service"));
        @SuppressWarnings("unchecked")
        var trigger = (Map<String, Object>) ((List<?>) spec.get("triggers")).get(0);
        assertThat(trigger.get("metadata")).isEqualTo(Map.of("bootstrapServers", "kafka:9092",
                "consumerGroup", "audifleet-waveform", "topic", "audio.pcm", "lagThreshold", "50",
                "allowIdleConsumers", "false"));
        // KEDA owns the replica count: the Deployment leaves it out, so an upgrade does not reset it.
        assertThat(rendered.one(Deployment.class, "audifleet-waveform-service").getSpec().getReplicas()).isNull();
        assertThat(rendered.ofKind("HorizontalPodAutoscaler")).isEmpty();
    }

    @Test
    void demoOriginForATrialInstallIsTheFetchersOriginDemo() {
        var rendered = Chart.render(Map.of("demoOrigin.enabled", "true"));
        Deployment origin = rendered.one(Deployment.class, "audifleet-demo-origin");
        PodSpec pod = origin.getSpec().getTemplate().getSpec();
        assertThat(pod.getInitContainers().get(0).getArgs()).containsExactly("write", "--out", "/store/demo", "--hours", "24");
        assertThat(pod.getInitContainers().get(0).getImage()).isEqualTo("audifleet/demo-origin:0.1.0-SNAPSHOT");
        assertThat(pod.getContainers().get(0).getArgs())
                .containsExactly("serve", "--dir", "/store/demo", "--port", "8081", "--bind", "0.0.0.0");
        assertThat(rendered.one(Service.class, "audifleet-demo-origin").getSpec().getPorts().get(0).getPort()).isEqualTo(8081);
        assertThat(fetcherOrigins(rendered)).containsEntry("demo",
                Map.of("kind", "chunk-store", "url", "http://audifleet-demo-origin:8081/")).containsKey("iris");
        assertEveryPodIsRestricted(rendered);
    }

    @Test
    void timeServiceIsOneReplicaWithAUdpPortTheStationsAreGiven() {
        var rendered = Chart.render(Map.of("timeService.enabled", "true", "station.enabled", "true",
                "networkPolicy.enabled", "true"));
        Deployment time = rendered.one(Deployment.class, "audifleet-time-service");
        assertThat(time.getSpec().getReplicas()).isEqualTo(1);
        Container container = time.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("audifleet/time-service:0.1.0-SNAPSHOT");
        assertThat(env(container)).containsEntry("PORT", "8095").containsEntry("AUDIFLEET_TIME_PORT", "9123")
                .doesNotContainKey("AUDIFLEET_KAFKA_BOOTSTRAP");
        assertThat(container.getPorts()).extracting(p -> p.getName() + " " + p.getContainerPort() + "/" + p.getProtocol())
                .containsExactly("http 8095/TCP", "exchanges 9123/UDP");
        Service service = rendered.one(Service.class, "audifleet-time-service");
        assertThat(service.getSpec().getPorts()).extracting(p -> p.getPort() + "/" + p.getProtocol())
                .containsExactly("8095/TCP", "9123/UDP");
        assertThat(service.getSpec().getSelector()).isEqualTo(time.getSpec().getSelector().getMatchLabels());
        PodSpec station = rendered.podSpecs().get("audifleet-station");
        assertThat(env(station.getContainers().get(0))).containsEntry("AUDIFLEET_TIME_SERVICE",
                "audifleet-time-service:9123");
        var policies = io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class;
        assertThat(rendered.one(policies, "audifleet-time-service").getSpec().getIngress().get(0).getPorts())
                .extracting(p -> p.getProtocol() + " " + p.getPort().getIntVal()).containsExactly("UDP 9123");
        assertThat(rendered.one(policies, "audifleet-station").getSpec().getEgress()).last()
                .satisfies(e -> assertThat(e.getPorts()).extracting(p -> p.getProtocol() + " " + p.getPort().getIntVal())
                        .containsExactly("UDP 9123"));
        assertEveryPodIsRestricted(rendered);
        assertThat(Chart.render(Map.of()).objects()).noneMatch(o -> o.getMetadata().getName().contains("time"));
    }

    @Test
    void stationDaemonSetIsNamedAfterItsNodeAndGetsTheSoundCard() {
        var rendered = Chart.render(Map.of("station.enabled", "true"));
        DaemonSet station = rendered.one(DaemonSet.class, "audifleet-station");
        PodSpec pod = station.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        assertThat(container.getArgs()).containsSequence("daemon", "--station", "$(AUDIFLEET_STATION_NAME)")
                .containsSequence("--metrics-port", "9400", "--metrics-bind", "0.0.0.0").doesNotContain("--kafka-config");
        assertThat(container.getEnv().get(0).getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
        assertThat(pod.getVolumes()).filteredOn(v -> v.getHostPath() != null)
                .singleElement().satisfies(v -> assertThat(v.getHostPath().getPath()).isEqualTo("/dev/snd"));
        assertThat(pod.getSecurityContext().getSupplementalGroups()).containsExactly(29L);
        // A hostPath is the one thing a restricted namespace refuses in it: a station namespace must allow it.
        assertThat(RestrictedPodSecurity.violations(pod)).containsExactly("volume snd is a hostPath");
    }

    @Test
    void stationDeploymentWithADevicePluginIsRestricted() {
        var rendered = Chart.render(Map.of("station.enabled", "true", "station.kind", "Deployment",
                "station.replicas", "2", "station.sound.deviceResource", "squat.ai/audio"));
        Deployment station = rendered.one(Deployment.class, "audifleet-station");
        assertThat(station.getSpec().getReplicas()).isEqualTo(2);
        PodSpec pod = station.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        assertThat(container.getEnv().get(0).getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(container.getResources().getLimits().get("squat.ai/audio").toString()).isEqualTo("1");
        assertThat(RestrictedPodSecurity.violations(pod)).isEmpty();
    }

    @Test
    void networkPolicyOpensTheOriginsPortsAndTheBrokersPortOnly() {
        var rendered = Chart.render(Map.of("networkPolicy.enabled", "true",
                "origins.mirror.kind", "chunk-store", "origins.mirror.url", "http://mirror.example.org:8080/store/",
                "origins.local.kind", "chunk-store", "origins.local.url", "file:/data/store"));
        var egress = rendered.one(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class,
                "audifleet-fetcher-service").getSpec().getEgress();
        // No kafka.networkPeers: the brokers' port to any destination.
        assertThat(egress.get(1).getTo()).isNullOrEmpty();
        assertThat(egress.get(1).getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(9092);
        // https FDSN origins (443) and the mirror's explicit port; a folder origin needs none.
        assertThat(egress.get(2).getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(443, 8080);
        assertThat(rendered.one(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class,
                "audifleet-decoder-service").getSpec().getEgress()).hasSize(2);
    }

    /** What every Audifleet pod must be, in a "restricted" namespace with a read-only root file system. */
    static void assertEveryPodIsRestricted(Chart.Rendered rendered) {
        Map<String, PodSpec> pods = rendered.podSpecs();
        assertThat(pods).isNotEmpty();
        pods.forEach((name, pod) -> {
            if (!name.endsWith("-station") || pod.getVolumes().stream().noneMatch(v -> v.getHostPath() != null)) {
                assertThat(RestrictedPodSecurity.violations(pod)).as(name).isEmpty();
            }
            assertThat(pod.getAutomountServiceAccountToken()).as(name).isFalse();
            assertThat(pod.getServiceAccountName()).as(name).isEqualTo("audifleet");
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(pod.getVolumes()).as(name).anySatisfy(v -> {
                assertThat(v.getName()).isEqualTo("tmp");
                assertThat(v.getEmptyDir()).isNotNull();
            });
            java.util.stream.Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).forEach(c -> {
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
                assertThat(c.getVolumeMounts()).as(c.getName()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
            });
        });
    }

    static Map<String, String> env(Container container) {
        Map<String, String> env = new TreeMap<>();
        for (EnvVar var : container.getEnv()) {
            env.put(var.getName(), var.getValue() != null ? var.getValue()
                    : var.getValueFrom().getSecretKeyRef() != null
                            ? "secret:" + var.getValueFrom().getSecretKeyRef().getName() + "/" + var.getValueFrom().getSecretKeyRef().getKey()
                            : "field:" + var.getValueFrom().getFieldRef().getFieldPath());
        }
        return env;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, String>> fetcherOrigins(Chart.Rendered rendered) {
        String yaml = rendered.one(ConfigMap.class, "audifleet-fetcher-service").getData().get("application.yaml");
        Map<String, Object> config = Values.parse(yaml);
        return (Map<String, Map<String, String>>) (Map<?, ?>) Values.map(Values.map(config, "audifleet"), "origins");
    }
}
