package org.audifleet.player.session;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.Topics;
import org.audifleet.wire.WireSerdes;

/**
 * A station's two Kafka clients: a producer for its playback request and a consumer of the one
 * audio.pcm partition its session lands on.
 *
 * <p>The consumer is assigned, not subscribed: joining a consumer group costs 50-150 ms in a fresh
 * JVM, and a station only ever wants its own session's partition, from "now" on. It is positioned at
 * the end of that partition before the request leaves, so no block of this session can be missed. Values are read
 * as bytes and decoded by {@link SessionPlayer}, so no record on the partition can make a poll throw.
 *
 * <p>A broker that refuses connections is reported at once ({@link #checkBrokerListening}); the API timeout then
 * only bounds a broker that is up but slow, and is reported as slow. A broker that answers but refuses the station
 * (credentials, TLS trust, an ACL) is {@link ExitCodes#BROKER_REFUSED}, with the broker's reason.
 *
 * <p>Both clients start from the settings below and take every setting of {@link KafkaClientSettings} over them.
 */
public final class FleetConnection implements AutoCloseable {

    /** How long a TCP connect to the broker may take before the station stops calling the broker down. */
    private static final int CONNECT_PROBE_MILLIS = 1000;

    private final KafkaProducer<String, PlaybackRequest> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final String bootstrap;
    private final Duration apiTimeout;
    private final KafkaClientSettings settings;

    /** @param bootstrap the broker, already {@link KafkaClientSettings#bootstrap resolved} against the settings */
    public FleetConnection(String bootstrap, Duration apiTimeout, KafkaClientSettings settings) {
        this.bootstrap = bootstrap;
        this.apiTimeout = apiTimeout;
        this.settings = settings;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) apiTimeout.toMillis());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(apiTimeout.toMillis(), 1000));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(apiTimeout.toMillis(), 30_000));
        producer = new KafkaProducer<>(settings.over(p), new StringSerializer(), new WireSerdes.PlaybackRequestSerde());
        Properties c = consumerConfig();
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The settings of the station's consumers (audio and {@link SessionStatusWatcher}): no group, no commits. */
    Properties consumerConfig() {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) apiTimeout.toMillis());
        c.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(apiTimeout.toMillis(), 30_000));
        return settings.over(c);
    }

    /** The broker's answer when it refused the station: who it is, or what it may do. */
    static FleetException refused(String bootstrap, KafkaException e) {
        return new FleetException(ExitCodes.BROKER_REFUSED, "Kafka broker at " + bootstrap + " refused the station ("
                + e.getClass().getSimpleName() + ": " + e.getMessage() + "; check the settings of --kafka-config)");
    }

    /**
     * Fails at once, with {@link ExitCodes#BROKER_UNREACHABLE}, when no bootstrap address accepts a TCP connection
     * (the broker is not running, or the address is wrong): the Kafka clients would retry until their API timeout.
     * A connect that neither succeeds nor is refused within a second passes, and the API timeout decides.
     */
    public static void checkBrokerListening(String bootstrap) throws FleetException {
        String refused = null;
        for (String address : bootstrap.split(",")) {
            String hostPort = address.trim();
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                continue; // the Kafka client names a malformed address itself
            }
            try (Socket socket = new Socket()) {
                int port = Integer.parseInt(hostPort.substring(colon + 1));
                socket.connect(new InetSocketAddress(hostPort.substring(0, colon), port), CONNECT_PROBE_MILLIS);
                return;
            } catch (SocketTimeoutException e) {
                return;
            } catch (IOException | IllegalArgumentException e) {
                refused = hostPort + ": " + e.getMessage();
            }
        }
        if (refused != null) {
            throw new FleetException(ExitCodes.BROKER_UNREACHABLE, "Kafka broker at " + bootstrap
                    + " is not there (" + refused + "; is it running? bin/demo starts one:"
                    + " infra/kafka/kafka-local start)");
        }
    }

    /**
     * What a Kafka call that timed out means: a broker that accepts connections but did not answer within the API
     * timeout is slow (a loaded machine), one that does not accept them is not there.
     */
    FleetException unanswered(String what) {
        return unanswered(bootstrap, apiTimeout, what);
    }

    /** {@link #unanswered(String)} for any client of the broker at {@code bootstrap}. */
    public static FleetException unanswered(String bootstrap, Duration apiTimeout, String what) {
        try {
            checkBrokerListening(bootstrap);
        } catch (FleetException down) {
            return down;
        }
        return new FleetException(ExitCodes.BROKER_UNREACHABLE, "Kafka broker at " + bootstrap
                + " is up but slow: it did not " + what + " within the API timeout of " + seconds(apiTimeout)
                + " (a loaded machine? --api-timeout waits longer)");
    }

    /** {@code 5 s}, {@code 1500 ms}: a timeout as messages print it. */
    public static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /**
     * Assigns the consumer to the session's audio partition and fixes its position at the current
     * end, so everything published for the session from now on is read.
     */
    public void listenFor(String sessionKey) throws FleetException {
        List<TopicPartition> partitions = partitions(Topics.AUDIO_PCM);
        TopicPartition tp = new TopicPartition(Topics.AUDIO_PCM, Topics.partitionOf(sessionKey, partitions.size()));
        consumer.assign(List.of(tp));
        consumer.seekToEnd(List.of(tp));
        try {
            consumer.position(tp);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw unanswered("say where " + tp + " ends");
        } catch (AuthenticationException | AuthorizationException e) {
            throw refused(bootstrap, e);
        }
    }

    private List<TopicPartition> partitions(String topic) throws FleetException {
        try {
            return partitions(consumer, topic, bootstrap);
        } catch (FleetException e) {
            throw e.exitCode() == ExitCodes.BROKER_UNREACHABLE ? unanswered("list the partitions of " + topic) : e;
        }
    }

    /**
     * The partitions of one of the fleet's topics, or the station's two named errors: the broker does
     * not answer, or it answers but the topic is not there (the services declare it when they start).
     */
    public static List<TopicPartition> partitions(Consumer<?, ?> consumer, String topic, String bootstrap)
            throws FleetException {
        List<PartitionInfo> infos;
        try {
            infos = consumer.partitionsFor(topic);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new FleetException(ExitCodes.BROKER_UNREACHABLE, "Kafka broker at " + bootstrap
                    + " did not answer (is it running? bin/demo starts one: infra/kafka/kafka-local start)");
        } catch (AuthenticationException | AuthorizationException e) {
            throw refused(bootstrap, e);
        }
        if (infos == null || infos.isEmpty()) {
            throw new FleetException(ExitCodes.FLEET_NOT_READY, "topic " + topic + " does not exist on " + bootstrap
                    + ": the fleet's services declare it when they start; are they running?");
        }
        return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    /** Opens a {@link SessionStatusWatcher} for {@code session} with the station's consumer settings. */
    SessionStatusWatcher watchStatus(java.util.UUID session, SessionStatusWatcher.Listener listener)
            throws FleetException {
        try {
            return SessionStatusWatcher.open(consumerConfig(), session, listener);
        } catch (FleetException e) {
            throw e.exitCode() == ExitCodes.BROKER_UNREACHABLE
                    ? unanswered("say where " + Topics.PLAYBACK_STATUS + " ends") : e;
        }
    }

    /**
     * Fetches the metadata of the topics every session uses ({@code audio.pcm}, {@code playback.requests}), for a
     * connection kept across sessions (the daemon's): its first session then starts as quickly as the next.
     */
    public void prepare() throws FleetException {
        partitions(Topics.AUDIO_PCM);
        prepareSend();
    }

    /**
     * Fetches the request topic's metadata now (the producer's id comes meanwhile on its own thread), so the
     * request's send is one produce round trip. Call it after {@link #listenFor}, which tells a fleet without its
     * topics at once: the producer would wait the whole API timeout for a topic that is not there.
     */
    void prepareSend() throws FleetException {
        try {
            producer.partitionsFor(Topics.PLAYBACK_REQUESTS);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw unanswered("list the partitions of " + Topics.PLAYBACK_REQUESTS);
        }
    }

    public void send(PlaybackRequest request) throws FleetException {
        try {
            producer.send(new ProducerRecord<>(Topics.PLAYBACK_REQUESTS, request.sessionId().toString(), request))
                    .get(apiTimeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException(ExitCodes.INTERRUPTED, "interrupted while sending the request");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unanswered("take the playback request");
            }
            if (e.getCause() instanceof AuthenticationException || e.getCause() instanceof AuthorizationException) {
                throw refused(bootstrap, (KafkaException) e.getCause());
            }
            throw new FleetException(ExitCodes.BROKER_UNREACHABLE, "sending the playback request to " + bootstrap
                    + " failed: " + e.getCause().getMessage());
        } catch (java.util.concurrent.TimeoutException e) {
            throw unanswered("take the playback request");
        }
    }

    public KafkaConsumer<String, byte[]> consumer() {
        return consumer;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(2));
        consumer.close(Duration.ofSeconds(2));
    }
}
