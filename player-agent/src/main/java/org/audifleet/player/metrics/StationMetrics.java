package org.audifleet.player.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.audifleet.player.engine.PlaybackStats;
import org.audifleet.player.session.ExitCodes;
import org.audifleet.player.session.StationSession;
import org.audifleet.player.sync.SyncStatus;

/**
 * The station's metrics (docs/metrics.md has the table): every meter is registered here, with its description, when
 * the station starts, so a scrape before any session already shows each one (counters at 0, the histograms empty,
 * now playing with empty labels at 0).
 *
 * <p>Nothing here runs on the render thread. Gauges read the engine's volatile stats on the scrape's thread; the
 * counters and histograms are brought up to date from {@link PlaybackStats} by {@link #refresh()}, on each scrape
 * and when a session ends, so the render loop stays allocation-free and lock-free.
 */
public final class StationMetrics {

    /** Label of {@code audifleet_station_command_to_sound_seconds}: what asked for the session. */
    public enum Trigger {
        /** {@code player-agent play}: from the JVM's start. */
        PLAY("play"),
        /** A PLAY control at {@code player-agent daemon}: from the daemon taking it off playback.controls. */
        CONTROL("control");

        final String label;

        Trigger(String label) {
            this.label = label;
        }
    }

    /** How a session ended, the {@code outcome} label of {@code audifleet_station_sessions_total}. */
    static final List<String> OUTCOMES = List.of("played", "stopped", "no-audio", "fleet-not-ready",
            "broker-unreachable", "broker-refused", "output-failed", "interrupted", "failed");

    /** Histogram buckets of the two waits: the goals (100 ms TTFA, 1 s command-to-sound) sit on bucket edges. */
    private static final Duration[] WAIT_BUCKETS = {Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(150), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(1500), Duration.ofSeconds(2), Duration.ofSeconds(3),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer firstAudio;
    private final Timer toSound;
    private final Counter frames;
    private final Counter underruns;
    private final Counter dropouts;
    private final Counter dropoutMillis;
    private final Map<String, Counter> sessions = new LinkedHashMap<>();
    private final MultiGauge nowPlaying;
    private volatile Supplier<SyncStatus> sync;

    // The session playing and what the counters were told of it so far; guarded by this.
    private volatile Playing playing;
    private long commandNanos;
    private long framesSeen;
    private long underrunsSeen;
    private long dropoutsSeen;
    private double dropoutMillisSeen;
    private boolean firstAudioSeen;
    private boolean toSoundSeen;

    /** Registers every station meter, labelled {@code station=<station>}. */
    public StationMetrics(String station, Trigger trigger) {
        registry.config().commonTags("station", station);
        firstAudio = Timer.builder("audifleet.station.first.audio")
                .description("Time to first audio: the playback request sent to the first sample written to the"
                        + " output")
                .serviceLevelObjectives(WAIT_BUCKETS).register(registry);
        toSound = Timer.builder("audifleet.station.command.to.sound")
                .description("What the operator waits: play's JVM start (command=play) or the daemon taking a PLAY"
                        + " control (command=control) to the first sample written to the output")
                .tag("command", trigger.label).serviceLevelObjectives(WAIT_BUCKETS).register(registry);
        frames = Counter.builder("audifleet.station.frames.rendered")
                .description("Frames handed to the output, silence included").register(registry);
        underruns = Counter.builder("audifleet.station.buffer.underruns")
                .description("Times the session buffer ran dry before the end of a session on a real-time output"
                        + " (data late), one per episode").register(registry);
        dropouts = Counter.builder("audifleet.station.device.dropouts")
                .description("Times the sound device ran dry or stood still (the render thread late or the device"
                        + " stalled), each heard as inserted silence").register(registry);
        dropoutMillis = Counter.builder("audifleet.station.device.dropout.milliseconds")
                .description("Milliseconds of silence the device dropouts inserted").register(registry);
        for (String outcome : OUTCOMES) {
            sessions.put(outcome, Counter.builder("audifleet.station.sessions")
                    .description("Sessions ended, by outcome (played to the end, stopped by the operator or a"
                            + " control, or the exit code's reason)")
                    .tag("outcome", outcome).register(registry));
        }
        gauge("audifleet.station.buffer.ahead", "seconds", "Audio buffered past the playhead at the current"
                + " speed (0 when idle)", Playing::aheadSeconds);
        gauge("audifleet.station.position", "seconds", "Data time of the playhead from the session's window start"
                + " (0 when idle)", Playing::positionSeconds);
        gauge("audifleet.station.kafka.lag", "records", "Records of the session's audio.pcm partition not yet"
                + " read by the station (the consumer's records-lag; 0 when idle or before its first fetch)",
                Playing::kafkaLag);
        nowPlaying = MultiGauge.builder("audifleet.station.now.playing")
                .description("1 for the session playing, labelled with its session id and stream; one series with"
                        + " empty labels at 0 when idle").register(registry);
        showNowPlaying(null);
    }

    private void gauge(String name, String unit, String help, ToDoubleFunction<Playing> value) {
        Gauge.builder(name, this, m -> {
            Playing p = m.playing;
            return p == null ? 0 : value.applyAsDouble(p);
        }).baseUnit(unit).description(help).register(registry);
    }

    private void showNowPlaying(Playing p) {
        nowPlaying.register(List.of(p == null
                ? MultiGauge.Row.of(Tags.of("session", "", "stream", ""), 0)
                : MultiGauge.Row.of(Tags.of("session", p.session(), "stream", p.stream()), 1)), true);
    }

    /**
     * The session has started (output configured, clients connected); {@code commandNanos} is when its command
     * came, on the {@link System#nanoTime()} clock ({@link #processStartNanos()} for {@code play}).
     */
    public void sessionStarted(StationSession session, long commandNanos) {
        sessionStarted(new SessionPlaying(session), commandNanos);
    }

    synchronized void sessionStarted(Playing p, long commandNanos) {
        refresh();
        playing = p;
        this.commandNanos = commandNanos;
        framesSeen = 0;
        underrunsSeen = 0;
        dropoutsSeen = 0;
        dropoutMillisSeen = 0;
        firstAudioSeen = false;
        toSoundSeen = false;
        showNowPlaying(p);
    }

    /**
     * A session ended with {@code exitCode} (what {@code play} would exit with); {@code session} is the one that
     * ended, or null when none started (the output or the broker failed first). Counts its outcome and, if it is
     * the one playing, takes in its last figures and shows the station idle.
     */
    public void sessionEnded(StationSession session, int exitCode) {
        synchronized (this) {
            Playing p = playing;
            boolean current = p instanceof SessionPlaying s && s.isOf(session);
            sessionEnded(current ? p : null, exitCode, current && p.stopped());
        }
    }

    /** {@link #sessionEnded(StationSession, int)} for whatever plays now ({@code play} has one session). */
    public synchronized void sessionEnded(int exitCode) {
        Playing p = playing;
        sessionEnded(p, exitCode, p != null && p.stopped());
    }

    synchronized void sessionEnded(Playing p, int exitCode, boolean stopped) {
        if (p != null && p == playing) {
            refresh();
            playing = null;
            showNowPlaying(null);
        }
        sessions.get(outcome(exitCode, stopped)).increment();
    }

    static String outcome(int exitCode, boolean stopped) {
        return switch (exitCode) {
            case ExitCodes.OK -> stopped ? "stopped" : "played";
            case ExitCodes.NO_AUDIO -> "no-audio";
            case ExitCodes.FLEET_NOT_READY -> "fleet-not-ready";
            case ExitCodes.BROKER_UNREACHABLE -> "broker-unreachable";
            case ExitCodes.BROKER_REFUSED -> "broker-refused";
            case ExitCodes.OUTPUT_FAILED -> "output-failed";
            case ExitCodes.INTERRUPTED -> "interrupted";
            default -> "failed";
        };
    }

    /** Moves the counters and histograms to what the session playing has done since the last refresh. */
    synchronized void refresh() {
        Playing p = playing;
        if (p == null) {
            return;
        }
        PlaybackStats s = p.stats();
        framesSeen = advance(frames, framesSeen, s.framesRendered());
        underrunsSeen = advance(underruns, underrunsSeen, s.underruns());
        dropoutsSeen = advance(dropouts, dropoutsSeen, p.deviceDropouts());
        double ms = p.dropoutMillis();
        if (ms > dropoutMillisSeen) {
            dropoutMillis.increment(ms - dropoutMillisSeen);
            dropoutMillisSeen = ms;
        }
        OptionalLong first = s.firstAudioNanos();
        if (first.isPresent() && !toSoundSeen) {
            toSound.record(Math.max(0, first.getAsLong() - commandNanos), TimeUnit.NANOSECONDS);
            toSoundSeen = true;
        }
        OptionalLong sent = p.requestSentNanos();
        if (first.isPresent() && sent.isPresent() && !firstAudioSeen) {
            firstAudio.record(Math.max(0, first.getAsLong() - sent.getAsLong()), TimeUnit.NANOSECONDS);
            firstAudioSeen = true;
        }
    }

    private static long advance(Counter counter, long seen, long now) {
        if (now > seen) {
            counter.increment(now - seen);
            return now;
        }
        return seen;
    }

    /**
     * Exports how this station follows its group (clock offset, its uncertainty and drift, playout error, rate
     * correction, resyncs, device latency) from {@code status}, read on the scrape's thread (docs/metrics.md). The
     * meters are registered on the first call; a later call makes them read the new supplier.
     */
    public synchronized void followSync(Supplier<SyncStatus> status) {
        boolean first = sync == null;
        sync = status;
        if (!first) {
            return;
        }
        syncGauge("audifleet.station.clock.offset", "seconds", "The fleet's time minus this station's clock, as"
                + " estimated from the time service (0 until known)", s -> s.offsetNanos() / 1e9);
        syncGauge("audifleet.station.clock.uncertainty", "seconds", "Uncertainty of the clock offset (+Inf until"
                + " known)", s -> s.uncertaintyNanos() == Long.MAX_VALUE ? Double.POSITIVE_INFINITY
                        : s.uncertaintyNanos() / 1e9);
        syncGauge("audifleet.station.clock.drift.ppm", null, "How fast this station's clock runs against the"
                + " fleet's, ppm (positive: fast)", SyncStatus::driftPpm);
        syncGauge("audifleet.station.playout.error", "seconds", "Where this station's output is minus where its"
                + " group's timeline is at the same fleet instant (positive: ahead; 0 before the first measurement)",
                s -> s.playoutErrorNanos() / 1e9);
        syncGauge("audifleet.station.rate.correction.ppm", null, "Rate correction steering the output now, ppm",
                SyncStatus::correctionPpm);
        syncGauge("audifleet.station.device.latency", "seconds", "Audio handed to the output but not yet heard",
                s -> s.deviceLatencyNanos() / 1e9);
        FunctionCounter.builder("audifleet.station.resyncs", this, m -> m.syncStatus().resyncs())
                .description("Hard resyncs: playout errors past the rate servo's threshold, jumped out with a seek")
                .register(registry);
    }

    private void syncGauge(String name, String unit, String help, ToDoubleFunction<SyncStatus> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.syncStatus())).baseUnit(unit).description(help)
                .register(registry);
    }

    private SyncStatus syncStatus() {
        Supplier<SyncStatus> s = sync;
        SyncStatus status = s == null ? null : s.get();
        return status == null ? SyncStatus.NONE : status;
    }

    /** The Prometheus text exposition of every station meter, brought up to date first. */
    public String scrape() {
        refresh();
        return registry.scrape();
    }

    /** When this JVM started, on the {@link System#nanoTime()} clock: where {@code play}'s command-to-sound starts. */
    public static long processStartNanos() {
        long sinceStartMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        return System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(sinceStartMillis);
    }
}
