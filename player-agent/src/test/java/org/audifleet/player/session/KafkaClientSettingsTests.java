package org.audifleet.player.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSettingsTests {

    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path f = dir.resolve("client.properties");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void theFilesSettingsGoOverTheStationsAndAddWhatItLacks() throws Exception {
        KafkaClientSettings s = KafkaClientSettings.load(file("""
                security.protocol=SASL_SSL
                request.timeout.ms=1234
                """));
        Properties defaults = new Properties();
        defaults.put("request.timeout.ms", 30000);
        defaults.put("isolation.level", "read_committed");
        Properties merged = s.over(defaults);
        assertThat(merged).containsEntry("security.protocol", "SASL_SSL").containsEntry("request.timeout.ms", "1234")
                .containsEntry("isolation.level", "read_committed");
    }

    @Test
    void theFilesBootstrapWinsOverTheCommandLinesAndIsUsedForBothClients() throws Exception {
        KafkaClientSettings s = KafkaClientSettings.load(file("bootstrap.servers = 127.0.0.1:19092\n"));
        assertThat(s.bootstrap("127.0.0.1:9092")).isEqualTo("127.0.0.1:19092");
        assertThat(KafkaClientSettings.load(file("security.protocol=SSL\n")).bootstrap("127.0.0.1:9092"))
                .isEqualTo("127.0.0.1:9092");
        try (FleetConnection c = new FleetConnection(s.bootstrap("x:1"), Duration.ofSeconds(5), s)) {
            assertThat(c.consumerConfig()).containsEntry("bootstrap.servers", "127.0.0.1:19092");
        }
    }

    @Test
    void noFileIsTheDefaultsAlone() throws Exception {
        assertThat(KafkaClientSettings.load(null)).isSameAs(KafkaClientSettings.NONE);
        Properties defaults = new Properties();
        defaults.put("acks", "all");
        assertThat(KafkaClientSettings.NONE.over(defaults)).hasSize(1);
        assertThat(KafkaClientSettings.NONE.bootstrap("127.0.0.1:9092")).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void itsDescriptionNamesKeysButNeverASecretsValue() throws Exception {
        KafkaClientSettings s = KafkaClientSettings.load(file("""
                sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="station" password="pw-1";
                ssl.truststore.password=pw-2
                ssl.keystore.location=/etc/station.p12
                my.client.secret=pw-3
                """));
        assertThat(s.toString()).contains("sasl.jaas.config (hidden)", "ssl.truststore.password (hidden)",
                "my.client.secret (hidden)", "ssl.keystore.location").doesNotContain("pw-", "/etc/station.p12");
        assertThat(KafkaClientSettings.isSecret("SSL.KEY.PASSWORD")).isTrue();
        assertThat(KafkaClientSettings.isSecret("sasl.mechanism")).isFalse();
    }

    @Test
    void aFileThatCannotBeReadIsAUsageErrorNamingIt() {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> KafkaClientSettings.load(missing))
                .isInstanceOfSatisfying(FleetException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE);
                    assertThat(e.getMessage()).startsWith("--kafka-config " + missing + ": cannot read it")
                            .doesNotContain("\n");
                });
    }
}
