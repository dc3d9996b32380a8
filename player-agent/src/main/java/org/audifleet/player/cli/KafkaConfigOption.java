package org.audifleet.player.cli;

import java.nio.file.Path;
import org.audifleet.player.session.FleetException;
import org.audifleet.player.session.KafkaClientSettings;
import picocli.CommandLine.Option;

/**
 * {@code --kafka-config FILE} (env {@code AUDIFLEET_KAFKA_CONFIG}), the same for {@code play}, {@code daemon} and
 * {@code control}: Kafka client properties put over the station's own, so a secured cluster (SASL, TLS, mTLS) is
 * reached with any client setting and no secret on the command line.
 */
final class KafkaConfigOption {

    @Option(names = "--kafka-config", defaultValue = "${env:AUDIFLEET_KAFKA_CONFIG}", paramLabel = "FILE",
            description = {"Kafka client properties put over the station's own (SASL, TLS, mTLS, any client setting;"
                + " a bootstrap.servers here wins over --bootstrap). Env AUDIFLEET_KAFKA_CONFIG. Values of keys"
                + " holding passwords, JAAS lines or secrets are never printed."})
    Path file;

    /** The file's settings, {@link KafkaClientSettings#NONE} without one; an unreadable file is exit 2. */
    KafkaClientSettings load() throws FleetException {
        return KafkaClientSettings.load(file);
    }

    boolean given() {
        return file != null;
    }
}
