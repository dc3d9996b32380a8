package org.audifleet.player.engine;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.audifleet.player.output.AudioOutput;

/**
 * Plays one session from a {@link SessionBuffer} to an {@link AudioOutput} on its own render thread, shaped like an
 * audio server: the sink is configured once (every buffer allocated then), fed a period at a time, then shut down.
 * This class is the lifecycle ({@link EngineState}) and the public face; {@link Controls} holds what any thread
 * may set, and {@link Renderer} all the render thread owns: the ramps, crossfade voices, hold and underruns. The
 * render loop does not allocate, lock or log; it blocks only in {@code sink.process}, or parks waiting for data.
 */
public final class PlaybackEngine implements AutoCloseable {

    /** Counts that map to 1.0 until the caller says otherwise: a 24-bit digitizer's full scale. */
    public static final double DEFAULT_FULL_SCALE = 1 << 23;

    private final EngineSettings settings;
    private final SessionBuffer buffer;
    private final Controls controls;
    private final Renderer renderer;
    private final AtomicReference<EngineState> state = new AtomicReference<>(EngineState.NEW);
    private final CountDownLatch finishedLatch = new CountDownLatch(1);
    private volatile Thread renderThread;
    private volatile Throwable failure;

    /** An engine with its own buffer of {@code settings.capacitySamples()}; fill it through {@link #buffer()}. */
    public PlaybackEngine(EngineSettings settings, AudioOutput sink) {
        this(settings, settings.newBuffer(), sink);
    }

    public PlaybackEngine(EngineSettings settings, SessionBuffer buffer, AudioOutput sink) {
        this.settings = settings;
        this.buffer = buffer;
        this.controls = new Controls(settings);
        this.renderer = new Renderer(settings, buffer, sink, controls);
    }

    /** Configures the sink (on the calling thread, so device errors surface here) and starts the render thread. */
    public synchronized void start() {
        EngineState now = state.get();
        if (now != EngineState.NEW && now != EngineState.CONFIGURED) {
            throw new IllegalStateException("cannot start an engine that is " + now);
        }
        prepare();
        Thread t = new Thread(this::run, "audifleet-render");
        t.setPriority(Thread.MAX_PRIORITY); // nice -5 on Linux, given the rights (ENGINE.md, "Threads")
        t.setDaemon(false);
        renderThread = t;
        state.set(EngineState.PLAYING);
        t.start();
    }

    /** Configures the sink and allocates the render loop's buffers, once; tests and benchmarks then call cycle(). */
    synchronized void prepare() {
        if (state.get() == EngineState.NEW) {
            renderer.configure();
            state.set(EngineState.CONFIGURED);
        }
    }

    private void run() {
        try {
            renderer.play(() -> state.get() == EngineState.PLAYING);
            finish(null);
        } catch (Throwable t) {
            finish(t);
        }
    }

    /** One render-loop iteration: frames written, {@link Renderer#WAIT} or {@link Renderer#END}. */
    int cycle() {
        return renderer.cycle();
    }

    /** Shuts the sink down (if it was configured) and records how rendering ended; the first call counts. */
    void finish(Throwable error) {
        EngineState was = state.get();
        if (was == EngineState.FINISHED) {
            return;
        }
        try {
            if (was != EngineState.NEW) {
                renderer.shutdown();
            }
        } catch (RuntimeException e) {
            error = error != null ? error : e;
        }
        failure = error;
        state.set(EngineState.FINISHED);
        finishedLatch.countDown();
    }

    /** Speed multiplier on the base speed, {@value EngineSettings#MIN_SPEED}–{@value EngineSettings#MAX_SPEED}. */
    public void setSpeed(double multiplier) {
        controls.setSpeed(multiplier);
    }

    public double speed() {
        return controls.speed();
    }

    /** The stream's real rate, once its data shows it (FDSN: 100, 40, 20, 1 Hz); ramps like speed once playing. */
    public void setSourceRate(double hz) {
        controls.setSourceRate(hz);
        wake();
    }

    public double sourceRate() {
        return controls.sourceRate();
    }

    /** Samples buffered before the first audio, at the current source rate (the same audio time at any rate). */
    public long prerollSamples() {
        return controls.prerollSamples();
    }

    /** Volume {@value EngineSettings#MIN_VOLUME}–{@value EngineSettings#MAX_VOLUME} (1 = unity). */
    public void setVolume(double volume) {
        controls.setVolume(volume);
    }

    public double volume() {
        return controls.volume();
    }

    /** The count that plays as 1.0 (full scale) at volume 1; ramped like volume. */
    public void setFullScale(double counts) {
        controls.setFullScale(counts);
    }

    public double fullScale() {
        return controls.fullScale();
    }

    /** DC removal, high-pass and normalize ({@link SoundFilter}): each change ramps, none clicks. */
    public void setFilters(SoundFilters filters) {
        controls.setFilters(filters);
    }

    public SoundFilters filters() {
        return controls.filters();
    }

    /** Fades out and holds the position; a device keeps receiving silence. */
    public void pause() {
        controls.setPaused(true);
    }

    public void resume() {
        controls.setPaused(false);
        wake();
    }

    public boolean isPaused() {
        return controls.paused();
    }

    /** Plays from data-sample {@code sampleIndex}, crossfading (past the end: ends; past what arrived: waits). */
    public void seek(long sampleIndex) {
        controls.seek(sampleIndex);
        wake();
    }

    /** The last seek asked for that {@code stats().sourcePosition()} does not show yet: where seek keys step from. */
    public OptionalLong pendingSeek() {
        return controls.pendingSeek();
    }

    /** Loops over {@code [from, to)} in data-sample indices: {@code from} sounds exactly where {@code to} would. */
    public void setLoop(long from, long to) {
        controls.setLoop(from, to);
        wake();
    }

    public void clearLoop() {
        controls.clearLoop();
    }

    /** The loop in force, or null: none was set, it was cleared, or a seek left it. */
    public LoopRegion loop() {
        return controls.loop();
    }

    /**
     * Applies {@code change} at exactly output frame {@code frame} (counted like {@code stats().framesRendered()}:
     * every frame handed to the output, silence included): the period before it is cut short to end there. A frame
     * already rendered means the next period. Any thread, lock-free; the render thread allocates nothing for it.
     * A change is scheduled once.
     */
    public void schedule(long frame, ScheduledChange change) {
        renderer.schedule(frame, change);
        wake();
    }

    /**
     * Multiplies the step (source samples per output frame) by {@code ratio}, like the speed: a synchronized
     * station's rate correction, within 1 ± 0.001. The render thread moves to it by at most 10 ppm a period.
     */
    public void setRateCorrection(double ratio) {
        controls.setRateCorrection(ratio);
    }

    public double rateCorrection() {
        return controls.rateCorrection();
    }

    /** The playhead after the last period handed to the output: frame, position, step (any thread, lock-free). */
    public Playhead playhead() {
        return renderer.playhead();
    }

    /**
     * With a device (a real-time output), write silence until the pre-roll has arrived instead of waiting, so the
     * device runs and its clock can be learnt before the first sample has to be heard at a given instant.
     */
    public void silenceBeforeData(boolean on) {
        renderer.silenceBeforeData(on);
    }

    /** Frames a pause fades over before the position holds (and a resume fades in over): 5 ms. */
    public int holdFadeFrames() {
        return renderer.holdFrames();
    }

    /** Frames a speed change ramps the step over: 20 ms. */
    public int speedRampFrames() {
        return renderer.speedRampFrames();
    }

    private void wake() {
        LockSupport.unpark(renderThread); // no-op while there is no render thread
    }

    /** Frames rendered, where playback is, underruns, first audio. */
    public PlaybackStats stats() {
        return renderer;
    }

    /** Where the audio goes; its own counts say when the device itself ran dry ({@code deviceDropouts}). */
    public AudioOutput output() {
        return renderer.sink();
    }

    public EngineState state() {
        return state.get();
    }

    /** What stopped the render thread, if it was an error (the sink is shut down either way). */
    public Throwable failure() {
        return failure;
    }

    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finishedLatch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public EngineSettings settings() {
        return settings;
    }

    public SessionBuffer buffer() {
        return buffer;
    }

    Thread renderThread() {
        return renderThread;
    }

    /** Stops rendering (at the next period), shuts the sink down and waits up to 2 s for the render thread. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            t = renderThread;
            if (t == null) {
                finish(null);
                return;
            }
        }
        state.compareAndSet(EngineState.PLAYING, EngineState.STOPPING);
        LockSupport.unpark(t);
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
