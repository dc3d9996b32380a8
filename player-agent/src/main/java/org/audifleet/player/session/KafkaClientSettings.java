package org.audifleet.player.session;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The Kafka client settings a station reads from {@code --kafka-config FILE} (or {@code AUDIFLEET_KAFKA_CONFIG}):
 * any producer or consumer setting, SASL, TLS and mTLS included, put over the station's own defaults. The file's
 * {@code bootstrap.servers}, if it has one, wins over {@code --bootstrap}.
 *
 * <p>Values of keys that hold secrets never leave this class: {@link #toString()} names the file and its keys
 * only, so a message or a log line can say what was read without saying what a password is.
 */
public final class KafkaClientSettings {

    /** No file: the station's defaults alone (PLAINTEXT). */
    public static final KafkaClientSettings NONE = new KafkaClientSettings(null, new Properties());

    private final Path file;
    private final Properties overrides;

    private KafkaClientSettings(Path file, Properties overrides) {
        this.file = file;
        this.overrides = overrides;
    }

    /**
     * Reads a Java properties file; {@code null} is {@link #NONE}. A file that cannot be read is the command line's
     * fault: {@link ExitCodes#USAGE}, one line naming the file.
     */
    public static KafkaClientSettings load(Path file) throws FleetException {
        if (file == null) {
            return NONE;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new FleetException(ExitCodes.USAGE, "--kafka-config " + file + ": cannot read it ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        return new KafkaClientSettings(file, p);
    }

    /** The broker to reach: the file's {@code bootstrap.servers}, else {@code fallback} (from --bootstrap). */
    public String bootstrap(String fallback) {
        String own = overrides.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        return own == null || own.isBlank() ? fallback : own.trim();
    }

    /** {@code defaults} with every setting of the file put over it (the same object, for chaining). */
    public Properties over(Properties defaults) {
        overrides.forEach(defaults::put);
        return defaults;
    }

    /** Whether a key's value is a secret that no message may show: passwords, JAAS lines, anything "secret". */
    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret");
    }

    /** The file and its keys, secret keys marked; never a value. */
    @Override
    public String toString() {
        if (file == null) {
            return "no --kafka-config";
        }
        StringBuilder keys = new StringBuilder();
        for (String key : new TreeSet<>(overrides.stringPropertyNames())) {
            keys.append(keys.length() == 0 ? "" : ", ").append(key).append(isSecret(key) ? " (hidden)" : "");
        }
        return file + " [" + keys + "]";
    }
}
