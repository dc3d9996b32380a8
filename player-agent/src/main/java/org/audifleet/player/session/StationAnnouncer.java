package org.audifleet.player.session;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.audifleet.player.engine.SoundFilters;
import org.audifleet.player.station.StationControls;
import org.audifleet.player.station.Transport;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackControl;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.StationAnnouncement;
import org.audifleet.wire.Topics;

/**
 * Publishes what a daemon station is doing on {@link Topics#STATIONS} (keyed by station, compacted): at start, every
 * {@code every}, and whenever {@link #announceNow()} is called (after each control, so a console sees a seek at
 * once). At the end it sends a tombstone, so the station leaves every console's list. Sends are asynchronous: a slow
 * broker costs the station a missed announcement, never a stalled control thread.
 */
public final class StationAnnouncer implements AutoCloseable {

    /** The session a station plays now, or null when it is idle. */
    public record Now(PlaybackRequest request, StationControls controls) {
    }

    private final String station;
    private final String group;
    private final Supplier<Now> now;
    private final Supplier<StationAnnouncement.Sync> sync;
    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService timer;
    private final Consumer<String> warnings;

    public StationAnnouncer(String station, String group, Supplier<Now> now, String bootstrap,
            KafkaClientSettings kafka, Duration every, Consumer<String> warnings) {
        this(station, group, now, () -> null, bootstrap, kafka, every, warnings);
    }

    /** A group member's announcer: {@code sync} gives its sync figures (null for a station in no group). */
    public StationAnnouncer(String station, String group, Supplier<Now> now, Supplier<StationAnnouncement.Sync> sync,
            String bootstrap, KafkaClientSettings kafka, Duration every, Consumer<String> warnings) {
        this.station = station;
        this.group = group;
        this.now = now;
        this.sync = sync;
        this.warnings = warnings;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Math.max(every.toMillis(), 1000));
        this.producer = new KafkaProducer<>(kafka.over(p), new StringSerializer(), new ByteArraySerializer());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "station-announcer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::announce, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Announces on the announcer's own thread, soon. */
    public void announceNow() {
        timer.execute(this::announce);
    }

    private void announce() {
        try {
            send(announcement(station, group, now.get(), sync.get()).encode());
        } catch (RuntimeException e) { // a session ending under us, or a producer that gave up: the next one tells
            warnings.accept("station announcement not sent: " + e.getMessage());
        }
    }

    private void send(byte[] value) {
        producer.send(new ProducerRecord<>(Topics.STATIONS, station, value), (m, e) -> {
            if (e != null) {
                warnings.accept("station announcement not sent: " + e.getMessage());
            }
        });
    }

    /**
     * What a station says about {@code now}, in data time from the window's start, and its group {@code sync}. The
     * position is a seek's target while the engine has not played from it yet (a seek while paused waits for the
     * resume), so a console or {@code control --group status} shows where the station will sound from.
     */
    static StationAnnouncement announcement(String station, String group, Now now, StationAnnouncement.Sync sync) {
        if (now == null) {
            return new StationAnnouncement(station, group, Micros.now(), null, sync);
        }
        PlaybackRequest r = now.request();
        StationControls c = now.controls();
        Transport t = c.transport();
        long[] loop = c.loop();
        SoundFilters f = t.filters();
        StationAnnouncement.Playing playing = new StationAnnouncement.Playing(r.sessionId(), r.origin(), r.stream(),
                r.startMicros(), r.endMicros(), micros(c, t.pendingSeek().orElse(t.position())), loop == null ? -1 : micros(c, loop[0]),
                loop == null ? -1 : Math.max(micros(c, loop[0]) + 1, micros(c, loop[1])), t.speed(), t.volume(),
                t.paused(), f.highPassHz(), switch (f.dc()) {
                    case NONE -> PlaybackControl.DcMode.OFF;
                    case MEAN -> PlaybackControl.DcMode.MEAN;
                    case LINEAR -> PlaybackControl.DcMode.LINEAR;
                }, f.normalize());
        return new StationAnnouncement(station, group, Micros.now(), playing, sync);
    }

    private static long micros(StationControls c, long samples) {
        return Math.round(c.clock().secondsOf(samples) * 1e6);
    }

    /** Stops announcing and sends the tombstone that takes the station off the list. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
            send(null);
            producer.close(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            producer.close(Duration.ZERO);
        }
    }
}
