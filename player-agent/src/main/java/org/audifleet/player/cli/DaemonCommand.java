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
import java.time.temporal.ChronoUnit;
import org.audifleet.player.engine.PlaybackEngine;
import org.audifleet.player.group.GroupHistory;
import org.audifleet.player.group.GroupHistoryReader;
import org.audifleet.player.group.GroupMember;
import org.audifleet.player.group.GroupSessions;
import org.audifleet.player.sync.FleetClock;
import org.audifleet.player.sync.GroupPlayback;
import org.audifleet.player.sync.SyncStatus;
import org.audifleet.wire.StationAnnouncement;
import org.audifleet.wire.StreamId;
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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
            "With --group GROUP the station is also a member of GROUP: a group PLAY (`control --group GROUP play`)"
                + " starts its own session of the group session (its stream from the PLAY's mapping, its session id"
                + " derived from the group session's and the station's name) and the group's later controls apply at"
                + " their fleet instant (--time-service). At start a member reads its group's controls back over"
                + " --group-history and joins the group session playing, at the group's position.",
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
            "  player-agent control --station lab-1 play demo XX.DEMO..HHZ 2024-01-01T00:00:00Z 1h",
            "  player-agent daemon --station hall-1 --group hall --output null"})
public final class DaemonCommand implements Callable<Integer> {

    @Option(names = "--station", required = true, paramLabel = "NAME",
            description = "This station's name, as controls address it (not 'group:...', which keys a group's"
                + " controls).")
    String station;

    @Option(names = "--group", defaultValue = "", paramLabel = "NAME",
            description = "The group this station is a member of: it plays the group's sessions and announces its"
                + " sync figures (default: none).")
    String group;

    @Option(names = "--group-history", defaultValue = "24h", converter = OptionBounds.PositiveLength.class,
            paramLabel = "LENGTH", description = "How far back a member joining late reads its group's controls for"
                + " the session playing (default: ${DEFAULT-VALUE}).")
    Duration groupHistory;

    @Mixin
    TimeServiceOption timeService = new TimeServiceOption();

    /** The fleet's time as this station sees it; opened in {@link #call()}. */
    private FleetClock fleetClock = FleetClock.wall();

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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            PlaybackControl.checkStationName(station); // else started, but unaddressable by any control
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        SessionRunner runner = new SessionRunner();
        ControlDispatcher dispatcher = new ControlDispatcher(station, group, runner);
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
        fleetClock = timeService.open(this::warn);
        if (runner.metrics != null && !group.isEmpty()) {
            runner.metrics.followSync(runner::syncStatus);
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
                List<PlaybackControl> join = List.of();
                TopicPartition groupPartition = null;
                long groupEnd = 0;
                if (!group.isEmpty()) {
                    int p = GroupHistoryReader.partitionOf(group, partitions.size());
                    groupPartition = partitions.stream().filter(tp -> tp.partition() == p).findFirst().orElseThrow();
                    join = GroupHistory.toJoin(GroupHistoryReader.read(consumer, groupPartition, groupHistory,
                            bootstrap, apiTimeout, this::warn), group);
                    groupEnd = consumer.position(groupPartition);
                }
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                if (groupPartition != null) {
                    consumer.seek(groupPartition, groupEnd); // what came after the history read is not missed
                }
                partitions.forEach(consumer::position);
                runner.connect();
                announcer = new StationAnnouncer(station, group, runner::now, runner::sync, bootstrap, kafka,
                        announceEvery, this::warn);
                log("station " + station + ": listening on " + Topics.PLAYBACK_CONTROLS + " at " + bootstrap
                        + ", announcing on " + Topics.STATIONS + (group.isEmpty() ? "" : ", member of group " + group
                        + " (fleet time: " + fleetClock.describe() + ")"));
                if (!join.isEmpty()) {
                    log("group " + group + ": joining group session " + join.get(0).sessionId() + " late ("
                            + (join.size() - 1) + " controls after its PLAY, read back over " + groupHistory + ")");
                    for (PlaybackControl past : join) {
                        String note = dispatcher.accept(past);
                        if (note != null) {
                            log(note);
                        }
                    }
                    announcer.announceNow();
                }
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
                fleetClock.close();
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
        private volatile GroupMember member;
        private volatile FleetConnection kept;

        /** The station's sync figures: its group session's, or its clock's alone while it follows none. */
        SyncStatus syncStatus() {
            GroupMember m = member;
            return m != null ? m.status() : new SyncStatus(fleetClock.offsetNanos(), fleetClock.uncertaintyNanos(),
                    fleetClock.driftPpm(), 0, 0, 0, 0);
        }

        /** What the announcements carry: nothing for a station in no group. */
        StationAnnouncement.Sync sync() {
            return group.isEmpty() ? null : GroupMember.announced(dispatcher.currentGroupSession(), syncStatus());
        }

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
            StationSession session = open(sessionId, play, play.stream());
            begin(session, null, asked);
            return session.controls();
        }

        @Override
        public ControlDispatcher.GroupPart startGroup(PlaybackControl control) throws FleetException {
            long asked = System.nanoTime();
            PlaybackControl.Play play = (PlaybackControl.Play) control.command();
            UUID sessionId = GroupSessions.memberSession(control.sessionId(), station);
            StationSession s = open(sessionId, play, play.streamFor(station));
            GroupMember m = null;
            boolean begun = false;
            try {
                long samples = s.clock().samplesOf(Duration.of(play.endMicros() - play.startMicros(),
                        ChronoUnit.MICROS));
                GroupPlayback playback = GroupPlayback.follow(s.engine(), fleetClock, samples,
                        n -> warn("session " + sessionId + ": " + n));
                m = new GroupMember(sessionId, s.controls(), playback, fleetClock, () -> {
                    dispatcher.sessionEnded(sessionId);
                    s.stop();
                }, n -> log("group " + group + " session " + control.sessionId() + ": " + n));
                log("group " + group + " session " + control.sessionId() + ": " + m.start(control.atNanos()));
                begun = true; // begin() closes the session itself when it cannot start it
                begin(s, m, asked);
                return m;
            } catch (FleetException | RuntimeException e) {
                if (m != null) {
                    m.close();
                }
                if (!begun) {
                    s.close();
                }
                if (metrics != null) {
                    metrics.sessionEnded(null, e instanceof FleetException f ? f.exitCode() : ExitCodes.FAILED);
                }
                throw e;
            }
        }

        /** Opens (not starts) a session of {@code stream} in {@code play}'s window. */
        private StationSession open(UUID sessionId, PlaybackControl.Play play, StreamId stream)
                throws FleetException {
            PlaybackRequest request = new PlaybackRequest(sessionId, play.origin(), stream, play.startMicros(),
                    play.endMicros(), Micros.now());
            return StationSession.of(bootstrap, request).kafkaSettings(kafka).speed(play.speed()).volume(volume)
                    .timeouts(firstAudioTimeout, stallTimeout).statusTimeout(statusTimeout).apiTimeout(apiTimeout)
                    .notices(n -> warn("session " + sessionId + ": " + n)).seekStep(seekStep).keptConnection(lend())
                    .open(format -> Outputs.open(output.replace("{session}", sessionId.toString()), format,
                            Path.of(wavFallback.replace("{session}", sessionId.toString())), n -> log(n)));
        }

        /** Starts {@code session} and plays it on a thread of its own; {@code m}: its group part, or null. */
        private void begin(StationSession session, GroupMember m, long asked) throws FleetException {
            UUID sessionId = session.request().sessionId();
            try {
                session.start();
            } catch (FleetException | RuntimeException e) {
                session.close();
                throw e;
            }
            log("session " + sessionId + ": output " + session.output().describe());
            if (metrics != null) {
                metrics.sessionStarted(session, asked);
            }
            Thread t = new Thread(() -> run(session, m), "station-session");
            t.setDaemon(true);
            playing = session;
            member = m;
            thread = t;
            t.start();
        }

        private void run(StationSession session, GroupMember m) {
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
                if (m != null) {
                    m.close();
                    if (member == m) {
                        member = null;
                    }
                }
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
