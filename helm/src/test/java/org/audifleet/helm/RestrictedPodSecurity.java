package org.audifleet.helm;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The controls of Kubernetes' "restricted" Pod Security Standard (which includes "baseline") that a pod spec can
 * break, checked the way the admission controller reads them: a container setting wins over the pod's. Returns what
 * a restricted namespace would reject, in words; empty means admitted.
 */
final class RestrictedPodSecurity {

    /** The only volume types the restricted level allows. */
    private static final Set<String> ALLOWED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");

    private RestrictedPodSecurity() {
    }

    static List<String> violations(PodSpec pod) {
        List<String> found = new ArrayList<>();
        PodSecurityContext podContext = Optional.ofNullable(pod.getSecurityContext()).orElseGet(PodSecurityContext::new);
        if (Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                || Boolean.TRUE.equals(pod.getHostIPC())) {
            found.add("host namespaces");
        }
        for (Volume volume : Optional.ofNullable(pod.getVolumes()).orElse(List.of())) {
            String type = volumeType(volume);
            if (!ALLOWED_VOLUMES.contains(type)) {
                found.add("volume " + volume.getName() + " is a " + type);
            }
        }
        if (podContext.getRunAsUser() != null && podContext.getRunAsUser() == 0) {
            found.add("pod runAsUser 0");
        }
        containers(pod).forEach(container -> check(container, podContext, found));
        return found;
    }

    private static void check(Container container, PodSecurityContext pod, List<String> found) {
        String name = "container " + container.getName();
        SecurityContext context = Optional.ofNullable(container.getSecurityContext()).orElseGet(SecurityContext::new);
        if (Boolean.TRUE.equals(context.getPrivileged())) {
            found.add(name + " is privileged");
        }
        if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
            found.add(name + " does not set allowPrivilegeEscalation: false");
        }
        Boolean nonRoot = context.getRunAsNonRoot() != null ? context.getRunAsNonRoot() : pod.getRunAsNonRoot();
        if (!Boolean.TRUE.equals(nonRoot)) {
            found.add(name + " may run as root (runAsNonRoot not true)");
        }
        if (context.getRunAsUser() != null && context.getRunAsUser() == 0) {
            found.add(name + " runAsUser 0");
        }
        SeccompProfile seccomp = context.getSeccompProfile() != null ? context.getSeccompProfile() : pod.getSeccompProfile();
        if (seccomp == null || !Set.of("RuntimeDefault", "Localhost").contains(seccomp.getType())) {
            found.add(name + " has no RuntimeDefault or Localhost seccomp profile");
        }
        Capabilities capabilities = Optional.ofNullable(context.getCapabilities()).orElseGet(Capabilities::new);
        if (capabilities.getDrop() == null || !capabilities.getDrop().contains("ALL")) {
            found.add(name + " does not drop ALL capabilities");
        }
        Optional.ofNullable(capabilities.getAdd()).orElse(List.of()).stream()
                .filter(added -> !added.equals("NET_BIND_SERVICE"))
                .forEach(added -> found.add(name + " adds capability " + added));
        Optional.ofNullable(container.getPorts()).orElse(List.of()).stream()
                .filter(port -> port.getHostPort() != null && port.getHostPort() != 0)
                .forEach(port -> found.add(name + " uses host port " + port.getHostPort()));
    }

    private static Stream<Container> containers(PodSpec pod) {
        return Stream.concat(Optional.ofNullable(pod.getInitContainers()).orElse(List.of()).stream(),
                Optional.ofNullable(pod.getContainers()).orElse(List.of()).stream());
    }

    private static String volumeType(Volume volume) {
        if (volume.getConfigMap() != null) return "configMap";
        if (volume.getCsi() != null) return "csi";
        if (volume.getDownwardAPI() != null) return "downwardAPI";
        if (volume.getEmptyDir() != null) return "emptyDir";
        if (volume.getEphemeral() != null) return "ephemeral";
        if (volume.getPersistentVolumeClaim() != null) return "persistentVolumeClaim";
        if (volume.getProjected() != null) return "projected";
        if (volume.getSecret() != null) return "secret";
        if (volume.getHostPath() != null) return "hostPath";
        return "volume of another type";
    }
}
