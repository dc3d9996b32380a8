package org.audifleet.player.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.audifleet.player.engine.PlaybackEngine;
import org.audifleet.player.metrics.MetricsOptions;
import org.audifleet.player.metrics.StationMetrics;
import org.audifleet.player.session.ExitCodes;
import org.audifleet.player.session.FleetConnection;
import org.audifleet.player.session.KafkaClientSettings;
import org.audifleet.player.session.FleetException;
import org.audifleet.player.session.SessionReport;
import org.audifleet.player.session.StationAnnouncer;
import org.audifleet.player.session.StationSession;
import org.audifleet.player.output.Outputs;
import org.audifleet.player.station.ControlDispatcher;
import org.audifleet.player.station.StationControls;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackControl;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "daemon", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs a listening station: waits for controls on the playback.controls topic and plays the sessions"
                + " they start on this station's output, one at a time.",
            "",
            "It reads controls sent after it started (no consumer group, nothing replayed), for this station"
                + " (--station) or for no station in particular, and for the session it plays or for any."
                + " PLAY starts a session (stopping the one playing); STOP stops it and the daemon waits for the"
                + " next PLAY; SEEK, LOOP, CLEAR_LOOP, SPEED, VOLUME, PAUSE and RESUME steer it with the limits"
                + " the keys of `play` have (seeks and loops clamp to what is buffered). Send them with"
                + " `player-agent control`. Every control and session is logged on stdout.",
            "",
            "The topic is declared by the fleet's services when they start."},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  2  bad command line",
            "  3  Kafka broker not there, or too slow to answer within --api-timeout",
            "  4  fleet not ready (playback.controls does not exist: services not started)",
            "130  Ctrl-C, 143  SIGTERM: the normal ways to stop it; the session playing is stopped first",
            "A session that fails does not stop the daemon: it logs why and waits for the next PLAY.",
            "",
            "Example:",
            "  player-agent daemon --station lab-1 --output auto",
            "  player-agent control --station lab-1 play demo XX.DEMO..HHZ 2024-01-01T00:00:00Z 1h"})
public final class DaemonCommand implements Callable<Integer> {

    @Option(names = "--station", required = true, paramLabel = "NAME",
            description = "This station's name, as controls address it.")
    String station;

    @Option(names = "--group", defaultValue = "", paramLabel = "NAME",
            description = "The group this station belongs to, as its announcements say (default: none).")
    String group;

    @Option(names = "--announce-every", defaultValue = "2s", converter = OptionBounds.PositiveLength.class,
            paramLabel = "LENGTH", description = "How often the station announces itself on the stations topic, besides"
                + " at start and after each control (default: ${DEFAULT-VALUE}).")
    Duration announceEvery;

    @Option(names = "--output", defaultValue = "auto", paramLabel = "SPEC",
            description = {"auto, wav:FILE, null or device:NAME, as for play. {session} in a file name becomes the"
                + " session id (else each session overwrites the file). Default: ${DEFAULT-VALUE}."})
    String output;

    @Option(names = "--wav-fallback", defaultValue = "audifleet-{session}.wav", paramLabel = "FILE",
            description = "Where --output auto writes when there is no sound card (default: ${DEFAULT-VALUE}).")
    String wavFallback;

    @Option(names = "--volume", defaultValue = "1.0", paramLabel = "GAIN", converter = OptionBounds.Volume.class,
            description = "Volume each session starts at, 0 to 2 (default: ${DEFAULT-VALUE}).")
    double volume;

    @Option(names = "--bootstrap", defaultValue = "${env:AUDIFLEET_KAFKA_BOOTSTRAP:-127.0.0.1:9092}",
            paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Mixin
    KafkaConfigOption kafkaConfig = new KafkaConfigOption();

    /** Read once in {@link #call()}; the control consumer, the kept connection and each session use it. */
    private KafkaClientSettings kafka = KafkaClientSettings.NONE;

    @Option(names = "--seek-step", defaultValue = "10s", converter = OptionBounds.PositiveLength.class,
            paramLabel = "LENGTH",
            description = "Not used by controls (they seek to a sample); kept equal to play's for the same limits.",
            hidden = true)
    Duration seekStep;

    @Option(names = "--status-timeout", defaultValue = "5s", converter = OptionBounds.PositiveLength.class,
            paramLabel = "LENGTH", description = "A session gives up if no fetcher answers its request within this"
                + " (default: ${DEFAULT-VALUE}), or gives no plan within its planning deadline plus this.")
    Duration statusTimeout;

    @Option(names = "--first-audio-timeout", defaultValue = "30s", converter = OptionBounds.PositiveLength.class,
            paramLabel = "LENGTH", description = "A session gives up if no audio arrives within this (default: ${DEFAULT-VALUE}).")
    Duration firstAudioTimeout;

    @Option(names = "--stall-timeout", defaultValue = "30s", converter = OptionBounds.PositiveLength.class,
            paramLabel = "LENGTH", description = "A session gives up if it stops arriving for this long (default: ${DEFAULT-VALUE}).")
    Duration stallTimeout;

    @Option(names = "--api-timeout", defaultValue = "60s", converter = OptionBounds.PositiveLength.class,
            paramLabel = "LENGTH", description = "How long a Kafka call may take before the broker counts as too slow"
                + " (default: ${DEFAULT-VALUE}). A broker that is not running is told at once.")
    Duration apiTimeout;

    @Mixin
    MetricsOptions metricsOptions;

    private final PrintStream out = System.out;

    private volatile boolean running = true;

    @Override
    public Integer call() {
        SessionRunner runner = new SessionRunner();
        ControlDispatcher dispatcher = new ControlDispatcher(station, runner);
        runner.dispatcher = dispatcher;
        try {
            kafka = kafkaConfig.load();
            bootstrap = kafka.bootstrap(bootstrap);
            FleetConnection.checkBrokerListening(bootstrap);
        } catch (FleetException e) {
            System.err.println("player-agent: " + e.getMessage());
            return e.exitCode();
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) apiTimeout.toMillis());
        c.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(apiTimeout.toMillis(), 30_000));
        MetricsOptions.Served served = null;
        if (metricsOptions.enabled()) {
            try {
                served = metricsOptions.serve(station, StationMetrics.Trigger.CONTROL, System.err);
            } catch (java.io.IOException e) {
                System.err.println("player-agent: " + e.getMessage());
                return ExitCodes.FAILED;
            }
            runner.metrics = served.metrics();
        }
        CountDownLatch done = new CountDownLatch(1);
        long skipped = 0;
        StationAnnouncer announcer = null;
        // Values are read as bytes and decoded below: a record that is not a control is skipped, never thrown.
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.over(c), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            Thread hook = new Thread(() -> {
                running = false;
                consumer.wakeup();
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "station-daemon-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                List<TopicPartition> partitions = partitions(consumer);
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                runner.connect();
                announcer = new StationAnnouncer(station, group, runner::now, bootstrap, kafka, announceEvery,
                        this::warn);
                log("station " + station + ": listening on " + Topics.PLAYBACK_CONTROLS + " at " + bootstrap
                        + ", announcing on " + Topics.STATIONS);
                while (running) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        PlaybackControl control;
                        try {
                            control = PlaybackControl.decode(r.value());
                        } catch (RuntimeException e) { // WireFormatException, or fields no control can have
                            skipped++;
                            warn("skipped record " + r.topic() + "-" + r.partition() + " offset " + r.offset()
                                    + ", not a PlaybackControl: " + e.getMessage());
                            continue;
                        }
                        String note = dispatcher.accept(control);
                        if (note != null) {
                            log(note);
                            announcer.announceNow();
                        }
                    }
                }
            } catch (WakeupException e) {
                // shutting down
            } catch (FleetException e) {
                System.err.println("player-agent: " + e.getMessage());
                return e.exitCode();
            } finally {
                dispatcher.stopAll();
                if (announcer != null) {
                    announcer.close();
                }
                runner.dropKept();
                log("station " + station + ": stopped" + (skipped == 0 ? ""
                        : " (" + skipped + " unreadable control records skipped)"));
                if (served != null) {
                    served.close();
                }
                done.countDown();
            }
        }
        return ExitCodes.OK;
    }

    private void log(String line) {
        out.println(Instant.now() + " player-agent: " + line);
        out.flush();
    }

    /** What went wrong without stopping the station (a skipped record, a session's news): on stderr. */
    private void warn(String line) {
        System.err.println(Instant.now() + " player-agent: " + line);
    }

    private List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer) throws FleetException {
        try {
            return FleetConnection.partitions(consumer, Topics.PLAYBACK_CONTROLS, bootstrap);
        } catch (FleetException e) {
            throw e.exitCode() == ExitCodes.BROKER_UNREACHABLE
                    ? FleetConnection.unanswered(bootstrap, apiTimeout, "list the partitions of "
                            + Topics.PLAYBACK_CONTROLS) : e;
        }
    }

    /**
     * Plays each session on a thread of its own, so the control thread keeps reading controls. The sessions share
     * one {@link FleetConnection}, kept open from the daemon's start to its end, so a PLAY only assigns, positions
     * and produces (player-agent/README.md, "Quick to sound"). It is lent to a session only when the one before has
     * ended (its thread is gone: a Kafka client is for one thread at a time); a session that finds it still lent
     * builds its own. It is dropped after a session the broker failed, and the next PLAY builds a new one.
     */
    private final class SessionRunner implements ControlDispatcher.Sessions {
        ControlDispatcher dispatcher;
        StationMetrics metrics;
        private Thread thread;
        private StationSession playing;
        private volatile FleetConnection kept;

        /** The session playing now, for the announcements, or null when idle. */
        StationAnnouncer.Now now() {
            StationSession s = playing;
            UUID current = dispatcher.current();
            return s == null || current == null || !current.equals(s.request().sessionId()) ? null
                    : new StationAnnouncer.Now(s.request(), s.controls());
        }

        /** Builds the kept connection and fetches the metadata sessions need, so the first PLAY is as quick. */
        void connect() throws FleetException {
            kept = new FleetConnection(bootstrap, apiTimeout, kafka);
            kept.prepare();
        }

        /** The kept connection (built again after one was dropped), or null while the last session still runs. */
        private FleetConnection lend() {
            Thread before = thread;
            if (before != null && before.isAlive()) {
                return null;
            }
            if (kept == null) {
                kept = new FleetConnection(bootstrap, apiTimeout, kafka);
            }
            return kept;
        }

        @Override
        public StationControls start(UUID sessionId, PlaybackControl.Play play) throws FleetException {
            long asked = System.nanoTime();
            try {
                return start(sessionId, play, asked);
            } catch (FleetException | RuntimeException e) {
                if (metrics != null) {
                    metrics.sessionEnded(null, e instanceof FleetException f ? f.exitCode() : ExitCodes.FAILED);
                }
                throw e;
            }
        }

        private StationControls start(UUID sessionId, PlaybackControl.Play play, long asked) throws FleetException {
            PlaybackRequest request = new PlaybackRequest(sessionId, play.origin(), play.stream(), play.startMicros(),
                    play.endMicros(), Micros.now());
            StationSession session = StationSession.of(bootstrap, request).kafkaSettings(kafka).speed(play.speed()).volume(volume)
                    .timeouts(firstAudioTimeout, stallTimeout).statusTimeout(statusTimeout).apiTimeout(apiTimeout)
                    .notices(n -> warn("session " + sessionId + ": " + n)).seekStep(seekStep).keptConnection(lend())
                    .open(format -> Outputs.open(output.replace("{session}", sessionId.toString()), format,
                            Path.of(wavFallback.replace("{session}", sessionId.toString())), n -> log(n)));
            try {
                session.start();
            } catch (RuntimeException e) {
                session.close();
                throw e;
            }
            log("session " + sessionId + ": output " + session.output().describe());
            if (metrics != null) {
                metrics.sessionStarted(session, asked);
            }
            Thread t = new Thread(() -> run(session), "station-session");
            t.setDaemon(true);
            playing = session;
            thread = t;
            t.start();
            return session.controls();
        }

        private void run(StationSession session) {
            UUID id = session.request().sessionId();
            int code = ExitCodes.FAILED;
            try (session) {
                SessionReport report = session.play();
                while (!session.awaitEnd(Duration.ofSeconds(1))) {
                    // paused or looping: a control ends it
                }
                code = ExitCodes.OK;
                PlaybackEngine e = session.engine();
                log("session " + id + ": " + (session.stopped() ? "stopped" : "played to the end")
                        + String.format(", %.3f s of audio, %d data samples, gaps %d, underruns %d, records"
                                + " skipped %d", e.stats().framesRendered() / (double) e.settings().deviceRate(),
                                report.samples(), report.gaps(), e.stats().underruns(), report.recordsSkipped()));
            } catch (FleetException ex) {
                code = ex.exitCode();
                log("session " + id + ": " + ex.getMessage());
                if (ex.exitCode() == ExitCodes.BROKER_UNREACHABLE) {
                    dropKept(); // its clients may be in any state now; the next session builds its own
                }
            } catch (RuntimeException ex) {
                dropKept();
                throw ex;
            } catch (InterruptedException ex) {
                code = ExitCodes.INTERRUPTED;
                Thread.currentThread().interrupt();
            } finally {
                if (metrics != null) {
                    metrics.sessionEnded(session, code);
                }
                if (!session.stopped()) {
                    dispatcher.sessionEnded(id);
                }
            }
        }

        /** Closes the kept connection, unless a session that outlived its stop still holds it (at the daemon's end). */
        void dropKept() {
            FleetConnection k = kept;
            kept = null;
            Thread t = thread;
            if (k != null && (t == null || !t.isAlive() || t == Thread.currentThread())) {
                k.close();
            }
        }

        @Override
        public void stop(UUID sessionId) {
            StationSession s = playing;
            Thread t = thread;
            if (s == null) {
                return;
            }
            s.stop();
            try {
                t.join(5000);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
