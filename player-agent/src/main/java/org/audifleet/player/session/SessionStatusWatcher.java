package org.audifleet.player.session;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.audifleet.wire.PlaybackStatus;
import org.audifleet.wire.Topics;
import org.audifleet.wire.WireFormatException;

/**
 * Hears what the fetcher made of one session's request on {@link Topics#PLAYBACK_STATUS}: received with its planning
 * deadline, accepted with its plan, rejected with a reason, chunks that became gaps, and a session without any
 * data.
 *
 * <p>{@link #open} assigns a consumer to the session's partition and fixes its position at the end before it
 * returns, so a station opens the watcher first and sends its request after: no answer can be missed. Values are
 * read as bytes and decoded here, so a record that is not a {@link PlaybackStatus} is skipped and counted
 * ({@link #unreadable()}) and reported to the listener, never thrown. The consumer polls on its own daemon thread,
 * which calls the listener; the station decides what to print (the watcher writes nothing itself).
 */
public final class SessionStatusWatcher implements AutoCloseable {

    /** Told on the watcher's thread; each method at most once per piece of news (redeliveries are dropped). */
    public interface Listener {
        /** The fetcher took the request and is planning it; told only before the answer (ACCEPTED or REJECTED). */
        default void received(PlaybackStatus.Received planning) {
        }

        default void accepted(PlaybackStatus.Accepted plan) {
        }

        default void rejected(PlaybackStatus.Rejected rejection) {
        }

        default void chunkGap(PlaybackStatus.ChunkGap gap) {
        }

        default void noData(PlaybackStatus.NoData noData) {
        }

        /** A record keyed by this session that is not a readable status of it was skipped. */
        default void skipped(int partition, long offset, String why) {
        }

        /** The watcher stopped reading (a Kafka error); the station's own timeouts still apply. */
        default void stopped(String why) {
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final SessionNews news;
    private final Thread poller;
    private volatile boolean closed;

    private SessionStatusWatcher(KafkaConsumer<String, byte[]> consumer, SessionNews news) {
        this.consumer = consumer;
        this.news = news;
        this.poller = new Thread(this::pollUntilClosed, "session-status-" + news.key);
        poller.setDaemon(true);
    }

    /**
     * Assigns a consumer to {@code session}'s status partition, positioned at its end, and starts listening.
     *
     * @param consumerConfig Kafka consumer settings (at least {@code bootstrap.servers}); the watcher sets its own
     *                       deserializers, joins no group and commits nothing
     * @throws FleetException when the broker does not answer or the topic is not there (see {@link
     *                        FleetConnection#partitions})
     */
    public static SessionStatusWatcher open(Properties consumerConfig, UUID session, Listener listener)
            throws FleetException {
        Properties config = new Properties();
        config.putAll(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        String bootstrap = String.valueOf(config.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer());
        try {
            int partitions = FleetConnection.partitions(consumer, Topics.PLAYBACK_STATUS, bootstrap).size();
            TopicPartition tp = new TopicPartition(Topics.PLAYBACK_STATUS,
                    Topics.partitionOf(session.toString(), partitions));
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            consumer.position(tp);
        } catch (FleetException e) {
            consumer.close(Duration.ZERO);
            throw e;
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            consumer.close(Duration.ZERO);
            throw new FleetException(ExitCodes.BROKER_UNREACHABLE, "Kafka broker at " + bootstrap
                    + " did not say where " + Topics.PLAYBACK_STATUS + " ends: " + e.getMessage());
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
        SessionStatusWatcher watcher = new SessionStatusWatcher(consumer, new SessionNews(session, listener));
        watcher.poller.start();
        return watcher;
    }

    /** Records on the session's partition keyed by this session that were not a readable status of it. */
    public long unreadable() {
        return news.unreadable();
    }

    private void pollUntilClosed() {
        try {
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    news.accept(record.key(), record.value(), record.partition(), record.offset());
                }
            }
        } catch (WakeupException e) {
            // close() woke the poll: done
        } catch (KafkaException e) {
            news.listener.stopped("stopped reading " + Topics.PLAYBACK_STATUS + ": " + e.getMessage());
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            poller.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The watcher's logic without a consumer: records of the session's partition in, news for the listener out.
     * Other sessions' records are passed over; redelivered news (a fetcher that restarted fetches the session
     * again) is dropped; a record keyed by this session that does not decode, or decodes to another session, is
     * skipped, counted and reported with its partition and offset.
     */
    static final class SessionNews {

        private final UUID session;
        private final String key;
        private final Listener listener;
        private final Set<Integer> gapChunks = new HashSet<>();
        private boolean received;
        private boolean answered;
        private boolean noData;
        private volatile long unreadable;

        SessionNews(UUID session, Listener listener) {
            this.session = Objects.requireNonNull(session, "session");
            this.key = session.toString();
            this.listener = Objects.requireNonNull(listener, "listener");
        }

        long unreadable() {
            return unreadable;
        }

        void accept(String recordKey, byte[] value, int partition, long offset) {
            if (!key.equals(recordKey)) {
                return;
            }
            PlaybackStatus status;
            try {
                status = PlaybackStatus.decode(value);
            } catch (WireFormatException e) {
                skip(partition, offset, e.getMessage());
                return;
            }
            if (!status.sessionId().equals(session)) {
                skip(partition, offset, "keyed by this session but about session " + status.sessionId());
                return;
            }
            PlaybackStatus.Event event = status.event();
            if (event instanceof PlaybackStatus.Received v) {
                // A redelivered request is received again, after its answer perhaps: only the first one is news.
                if (!received && !answered) {
                    listener.received(v);
                }
                received = true;
            } else if (event instanceof PlaybackStatus.Accepted a && !answered) {
                answered = true;
                listener.accepted(a);
            } else if (event instanceof PlaybackStatus.Rejected r && !answered) {
                answered = true;
                listener.rejected(r);
            } else if (event instanceof PlaybackStatus.ChunkGap g && gapChunks.add(g.chunkIndex())) {
                listener.chunkGap(g);
            } else if (event instanceof PlaybackStatus.NoData n && !noData) {
                noData = true;
                listener.noData(n);
            }
        }

        private void skip(int partition, long offset, String why) {
            unreadable++;
            listener.skipped(partition, offset, why);
        }
    }
}
