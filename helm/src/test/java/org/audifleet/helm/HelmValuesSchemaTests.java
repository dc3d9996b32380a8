package org.audifleet.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values that must not render: values.schema.json (or a template's check) names the key and what is wrong. */
class HelmValuesSchemaTests {

    private static final Path BAD = Path.of("src/test/resources/bad-values").toAbsolutePath();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            replicas-notanumber.yaml    | at '/services/decoder/replicas': got string, want integer
            port-abc.yaml               | at '/services/fetcher/port': got string, want integer
            period-negative.yaml        | at '/probes/liveness/periodSeconds': minimum: got -5, want 1
            unknown-service-key.yaml    | at '/services/fetcher': additional properties 'replica' not allowed
            unknown-kafka-key.yaml      | at '/kafka': additional properties 'bootstrap' not allowed
            security-protocol.yaml      | at '/kafka/securityProtocol': value must be one of 'PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'
            bootstrap-without-port.yaml | at '/kafka/bootstrapServers': 'kafka' does not match pattern
            origin-url.yaml             | at '/origins/mirror/url': 'ftp://mirror.example.org/' does not match pattern
            origin-kind.yaml            | at '/origins/mirror/kind': value must be one of 'fdsn', 'chunk-store'
            max-replicas-zero.yaml      | at '/services/waveform/autoscaling/maxReplicas': minimum: got 0, want 1
            station-output.yaml         | at '/station/output': 'device' does not match pattern
            station-kind.yaml           | at '/station/kind': value must be one of 'DaemonSet', 'Deployment'
            demo-origin-port.yaml       | at '/demoOrigin/port': maximum: got 80,800, want 65,535
            env-name.yaml               | 'not a name' does not match pattern '^[A-Za-z_][A-Za-z0-9_]*$'
            privilege-escalation.yaml   | at '/securityContext/allowPrivilegeEscalation': value must be false
            seccomp-unconfined.yaml     | at '/podSecurityContext/seccompProfile/type': value must be one of 'RuntimeDefault', 'Localhost'
            sasl-without-secret.yaml    | kafka.sasl.existingSecret is required with a SASL_* kafka.securityProtocol
            """)
    void rejects(String file, String message) {
        assertThatThrownBy(() -> Chart.render(BAD.resolve(file))).hasMessageContaining(message);
    }
}
