package org.audifleet.player.session;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.audifleet.player.engine.EngineSettings;
import org.audifleet.player.engine.PlaybackEngine;
import org.audifleet.player.output.AudioOutput;
import org.audifleet.player.output.OutputFormat;
import org.audifleet.player.station.SessionClock;
import org.audifleet.player.station.SessionOverview;
import org.audifleet.player.station.StationControls;
import org.audifleet.player.station.Transport;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.SampleRunSink;

/**
 * One session at a station, end to end: opens the output, builds the engine for the request, connects to the
 * fleet, plays the session as its blocks arrive, and keeps the one {@link SessionClock} that the engine, the
 * controls, the view's overview and the summary read. {@code play}, {@code daemon}, the bench and the fleet tests
 * are wiring around it:
 *
 * <pre>{@code
 * try (StationSession session = StationSession.of(bootstrap, request).speed(441).open(format -> sink)) {
 *     session.start();                     // output configured, render thread running, connecting
 *     SessionReport report = session.play(); // request sent; returns when the last block is in the buffer
 *     session.awaitEnd(timeout);           // the engine played it out (or a control stopped it)
 * }
 * }</pre>
 */
public final class StationSession implements AutoCloseable {

    /**
     * How long the fetcher has to answer on playback.status. It answers within 2 s under test load (a fleet test
     * holds it to that); 5 s leaves room for a busy 2-core machine and still tells a stopped fetcher quickly.
     */
    public static final Duration DEFAULT_STATUS_TIMEOUT = Duration.ofSeconds(5);
    /** After the fetcher's answer, how long the first block may take (the decoder's first decode, a slow origin). */
    public static final Duration DEFAULT_FIRST_AUDIO_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Kafka's own default API timeout. A broker that is not listening is told apart at once by a TCP connect
     * ({@link FleetConnection#checkBrokerListening}), so this only bounds a broker that is up but slow: with
     * 10 s, 27 of 30 stations started together on 2 cores gave up on a broker that was up.
     */
    public static final Duration DEFAULT_API_TIMEOUT = Duration.ofSeconds(60);

    /** Headroom so the session's loudest sample plays at -1 dBFS rather than touching full scale. */
    public static final double PEAK_HEADROOM = 1.122;

    /** Something that wants to see each block as it is released in session order (a test, the status line). */
    public interface Progress {
        void blockReleased(PcmBlock block);
    }

    private final String bootstrap;
    private final PlaybackRequest request;
    private final SessionClock clock;
    private final AudioOutput output;
    private final PlaybackEngine engine;
    private final SessionOverview overview;
    private final StationControls controls;
    private final Progress progress;
    private final SessionPlayer player;
    private final Duration apiTimeout;
    private final KafkaClientSettings kafka;
    private final FleetConnection kept;
    private final Delivered delivered = new Delivered();
    private long peakCounts;
    private volatile CompletableFuture<SessionLink> connecting;
    private volatile SessionReport report;

    private StationSession(Builder b, AudioOutput sink, SessionClock clock, EngineSettings settings) {
        this.bootstrap = b.kafka.bootstrap(b.bootstrap);
        this.kafka = b.kafka;
        this.request = b.request;
        this.clock = clock;
        this.output = sink;
        this.engine = new PlaybackEngine(settings, sink);
        engine.setVolume(b.volume);
        this.overview = b.overviewColumns > 0
                ? new SessionOverview(clock, Duration.ofNanos((request.endMicros() - request.startMicros()) * 1000),
                        b.overviewColumns)
                : null;
        this.controls = new StationControls(Transport.of(engine), clock, b.seekStep, this::stop);
        this.progress = b.progress;
        this.player = new SessionPlayer(b.statusTimeout, b.firstBlockTimeout, b.stallTimeout, b.notices);
        this.apiTimeout = b.apiTimeout;
        this.kept = b.kept;
    }

    /** A session for {@code request} (its {@code requestedAtMicros} is stamped again when it is sent). */
    public static Builder of(String bootstrap, PlaybackRequest request) {
        return new Builder(bootstrap, request);
    }

    /**
     * Configures the output and starts the render thread (device errors surface here), and starts connecting on
     * another thread ({@link SessionLink}: clients, watcher, assignment, producer metadata), so a sound device's
     * first line open (~110 ms) and the whole Kafka set-up overlap. What fails in connecting is thrown by
     * {@link #play}, on the thread that plays, not here: a daemon's control thread never waits for the broker.
     */
    public void start() throws FleetException {
        CompletableFuture<SessionLink> pending = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                pending.complete(SessionLink.connect(bootstrap, apiTimeout, kafka, kept, request.sessionId(),
                        player.answers()));
            } catch (Throwable e) {
                pending.completeExceptionally(e);
            }
        }, "station-connect");
        t.setDaemon(true);
        t.start();
        connecting = pending;
        try {
            engine.start();
        } catch (RuntimeException e) {
            // The output is configured here (a WAV file created, a line opened): its failure is exit 6, not a crash.
            throw new FleetException(ExitCodes.OUTPUT_FAILED, "output failed: " + e.getMessage());
        }
    }

    /**
     * Sends the request and feeds the engine until the session's last block, {@link #stop()}, the fetcher's
     * refusal or a timeout; the buffer is ended either way, so the engine plays out what arrived. A session whose
     * every chunk was a gap fails with {@link ExitCodes#NO_AUDIO}: there is nothing to hear.
     */
    public SessionReport play() throws FleetException {
        if (connecting == null) {
            throw new IllegalStateException("start() the session first");
        }
        try {
            SessionLink link = SessionLink.join(connecting);
            PlaybackRequest sent = new PlaybackRequest(request.sessionId(), request.origin(), request.stream(),
                    request.startMicros(), request.endMicros(), Micros.now());
            SessionPlayer.Delivery d = player.play(link, sent, this::release);
            report = new SessionReport(request.sessionId(), d.requestSentNanos(), d.requestSentMicros(),
                    d.firstBlockNanos(), delivered.samples, delivered.gapSamples, delivered.gaps,
                    d.duplicatesDropped(), d.recordsSkipped(), peakCounts, d.hops());
            if (delivered.samples == 0 && !player.stopped()) {
                throw new FleetException(ExitCodes.NO_AUDIO, "no data for " + request.stream() + " in the window"
                        + " from origin '" + request.origin() + "': the session arrived as " + delivered.gaps
                        + (delivered.gaps == 1 ? " gap" : " gaps") + " and no samples");
            }
            return report;
        } finally {
            engine.buffer().endOfSession();
        }
    }

    /** One block in session order, on the consumer thread: the first one's rate goes to the clock first. */
    void release(PcmBlock block) {
        if (clock.learnSourceRate(block.sampleRate())) {
            engine.setSourceRate(clock.sourceRate());
        }
        if (block.peakCounts() > peakCounts) {
            peakCounts = block.peakCounts();
            engine.setFullScale(peakCounts * PEAK_HEADROOM);
        }
        block.appendTo(engine.buffer());
        block.appendTo(delivered);
        if (overview != null) {
            block.appendTo(overview);
        }
        progress.blockReleased(block);
    }

    /** Waits until the engine has played the session out (or was stopped); false if {@code timeout} passed first. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return engine.awaitFinished(timeout);
    }

    /** Stops consuming and playing, from any thread (a key, a daemon control); {@link #play} returns within 20 ms. */
    public void stop() {
        player.stop();
        engine.close();
    }

    /** Whether {@link #stop()} ended the session. */
    public boolean stopped() {
        return player.stopped();
    }

    public PlaybackRequest request() {
        return request;
    }

    public SessionClock clock() {
        return clock;
    }

    public StationControls controls() {
        return controls;
    }

    /** The overview the view draws, or null when none was asked for. */
    public SessionOverview overview() {
        return overview;
    }

    /** Where the session plays (as opened: a sound device, a WAV file, a null or capture output). */
    public AudioOutput output() {
        return output;
    }

    public PlaybackEngine engine() {
        return engine;
    }

    /** What {@link #play} returned, or null while it has not. */
    public SessionReport report() {
        return report;
    }

    /**
     * Stops the engine and closes the Kafka clients (not kept ones: their owner does), also those still being
     * connected (when they are); call it on the thread that played.
     */
    @Override
    public void close() {
        engine.close();
        CompletableFuture<SessionLink> pending = connecting;
        connecting = null;
        if (pending != null) {
            pending.thenAccept(SessionLink::close);
        }
    }

    /** The audio consumer's own metrics (its partition's {@code records-lag}), from any thread; empty unconnected. */
    public Map<MetricName, ? extends Metric> consumerMetrics() {
        CompletableFuture<SessionLink> c = connecting;
        if (c == null || !c.isDone() || c.isCompletedExceptionally()) {
            return Map.of();
        }
        return c.join().fleet.consumer().metrics();
    }

    /** Counts what the fleet delivered, for the report. */
    private static final class Delivered implements SampleRunSink {
        long samples;
        long gapSamples;
        int gaps;

        @Override
        public void appendSamples(int[] counts, int offset, int length) {
            samples += length;
        }

        @Override
        public void appendGap(long missingSamples) {
            gapSamples += missingSamples;
            gaps += missingSamples > 0 ? 1 : 0;
        }
    }

    /**
     * How the session plays; {@link #open} builds it. Defaults: 441x, volume 1, 1 s seek step, the timeouts of
     * {@link #DEFAULT_STATUS_TIMEOUT} and the others below, notices to stderr.
     */
    public static final class Builder {
        private final String bootstrap;
        private final PlaybackRequest request;
        private double speed = EngineSettings.DEFAULT_BASE_SPEED;
        private double volume = 1;
        private Duration statusTimeout = DEFAULT_STATUS_TIMEOUT;
        private Duration firstBlockTimeout = DEFAULT_FIRST_AUDIO_TIMEOUT;
        private Duration stallTimeout = DEFAULT_STALL_TIMEOUT;
        private Duration apiTimeout = DEFAULT_API_TIMEOUT;
        private Consumer<String> notices = line -> System.err.println("player-agent: " + line);
        private Duration seekStep = Duration.ofSeconds(1);
        private int overviewColumns;
        private Progress progress = block -> { };
        private FleetConnection kept;
        private KafkaClientSettings kafka = KafkaClientSettings.NONE;

        private Builder(String bootstrap, PlaybackRequest request) {
            this.bootstrap = bootstrap;
            this.request = request;
        }

        /** Audification factor at 1x (441: 100 Hz data plays at 44.1 kHz). */
        public Builder speed(double baseSpeed) {
            this.speed = baseSpeed;
            return this;
        }

        public Builder volume(double volume) {
            this.volume = volume;
            return this;
        }

        /** Give up without a first block within {@code firstBlock}, or when nothing new comes for {@code stall}. */
        public Builder timeouts(Duration firstBlock, Duration stall) {
            this.firstBlockTimeout = firstBlock;
            this.stallTimeout = stall;
            return this;
        }

        /** Give up when the fetcher has not answered on playback.status within {@code status} of the request. */
        public Builder statusTimeout(Duration status) {
            this.statusTimeout = status;
            return this;
        }

        /** How long a Kafka call (metadata, positions, the request's send) may take before the broker is slow. */
        public Builder apiTimeout(Duration api) {
            this.apiTimeout = api;
            return this;
        }

        /**
         * Where the session's news goes, one line each, from the consumer's or the status watcher's thread: chunks
         * that play as gaps and why, records skipped with their partition and offset.
         */
        public Builder notices(Consumer<String> notices) {
            this.notices = notices;
            return this;
        }

        /** Audio time at 1x that ←/→ move. */
        public Builder seekStep(Duration audio) {
            this.seekStep = audio;
            return this;
        }

        /** Keep a min/max overview of this many columns for a view to draw. */
        public Builder overview(int columns) {
            this.overviewColumns = columns;
            return this;
        }

        public Builder progress(Progress progress) {
            this.progress = progress;
            return this;
        }

        /** Kafka client settings over the station's defaults (--kafka-config): SASL, TLS, any client setting. */
        public Builder kafkaSettings(KafkaClientSettings settings) {
            this.kafka = settings;
            return this;
        }

        /**
         * Play over {@code connection}, kept open by its owner across sessions (the daemon), instead of clients
         * built for this session: the session then only assigns and positions its consumer and produces. The
         * session never closes it; only one session may use it at a time.
         */
        public Builder keptConnection(FleetConnection connection) {
            this.kept = connection;
            return this;
        }

        /**
         * Opens the output with the engine's format and builds the engine, at the nominal rate until the first
         * block says otherwise. Throws {@link FleetException} with {@link ExitCodes#OUTPUT_FAILED} when the output
         * cannot be opened; nothing is connected or sent yet.
         */
        public StationSession open(Function<OutputFormat, AudioOutput> output) throws FleetException {
            SessionClock clock = new SessionClock(request.start(), SessionClock.NOMINAL_RATE, speed);
            EngineSettings settings = clock.engineSettings();
            AudioOutput sink;
            try {
                sink = output.apply(settings.sinkFormat());
            } catch (IllegalArgumentException e) {
                throw new FleetException(ExitCodes.OUTPUT_FAILED, e.getMessage());
            }
            return new StationSession(this, sink, clock, settings);
        }
    }
}
