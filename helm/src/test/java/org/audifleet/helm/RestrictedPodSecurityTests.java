package org.audifleet.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import org.junit.jupiter.api.Test;

/** The checker the chart's pods are held to finds what a restricted namespace refuses. */
class RestrictedPodSecurityTests {

    @Test
    void aPodWithDefaultsBreaksEveryContainerControl() {
        PodSpec pod = new PodSpecBuilder().addNewContainer().withName("app").withImage("x").endContainer().build();
        assertThat(RestrictedPodSecurity.violations(pod)).containsExactly(
                "container app does not set allowPrivilegeEscalation: false",
                "container app may run as root (runAsNonRoot not true)",
                "container app has no RuntimeDefault or Localhost seccomp profile",
                "container app does not drop ALL capabilities");
    }

    @Test
    void hostAccessAndPrivilegeAreFound() {
        PodSpec pod = new PodSpecBuilder().withHostNetwork(true)
                .addNewVolume().withName("dev").withNewHostPath().withPath("/dev").endHostPath().endVolume()
                .withNewSecurityContext().withRunAsNonRoot(true).withNewSeccompProfile().withType("RuntimeDefault")
                .endSeccompProfile().endSecurityContext()
                .addNewInitContainer().withName("init").withNewSecurityContext().withPrivileged(true)
                .withAllowPrivilegeEscalation(false).withNewCapabilities().addToDrop("ALL").addToAdd("SYS_ADMIN")
                .endCapabilities().endSecurityContext().endInitContainer()
                .addNewContainer().withName("app").withNewSecurityContext().withAllowPrivilegeEscalation(false)
                .withRunAsUser(0L).withNewCapabilities().addToDrop("ALL").addToAdd("NET_BIND_SERVICE").endCapabilities()
                .endSecurityContext().addNewPort().withContainerPort(80).withHostPort(80).endPort().endContainer()
                .build();
        assertThat(RestrictedPodSecurity.violations(pod)).containsExactly(
                "host namespaces",
                "volume dev is a hostPath",
                "container init is privileged",
                "container init adds capability SYS_ADMIN",
                "container app runAsUser 0",
                "container app uses host port 80");
    }
}
