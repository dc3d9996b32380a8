package org.audifleet.player.engine;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.audifleet.player.sink.AudioSink;
import org.audifleet.player.sink.SinkFormat;

/**
 * Renders one session from a {@link SessionBuffer} to an {@link AudioSink} on a dedicated render thread.
 *
 * <p>Each period the render thread reads the controls (plain volatile fields and one atomic seek slot, written by
 * any thread), renders {@code periodFrames} frames through the {@link Resampler} at the current speed, applies
 * gain and fades, and hands the period to the sink. The loop does not allocate, lock or log; it blocks only in
 * {@code sink.process}, or, before pre-roll and for sinks that are not real-time, parks until data arrives.
 *
 * <p>Everything that would click is ramped: speed over {@value #SPEED_RAMP_MS} ms, volume over
 * {@value #GAIN_RAMP_MS} ms, pause/resume/underrun fades over {@value #HOLD_FADE_MS} ms, and seeks and loop
 * wrap-arounds crossfade over {@value #CROSSFADE_MS} ms (raised-cosine) between the old and the new position.
 */
public final class PlaybackEngine implements AutoCloseable {

    static final int SPEED_RAMP_MS = 20;
    static final int GAIN_RAMP_MS = 5;
    static final int HOLD_FADE_MS = 5;
    static final int CROSSFADE_MS = 10;
    /** Counts that map to 1.0 until the caller says otherwise: a 24-bit digitizer's full scale. */
    public static final double DEFAULT_FULL_SCALE = 1 << 23;

    static final int END = 0;
    static final int WAIT = -1;
    private static final long NO_SEEK = -1;
    private static final long WAIT_NANOS = 10_000_000L;

    private record LoopRegion(long from, long to) {
    }

    private final EngineSettings settings;
    private final SessionBuffer buffer;
    private final AudioSink sink;
    private final SinkFormat format;
    private final int periodFrames;
    private double baseStep;
    private volatile double sourceRate;
    private volatile long prerollSamples;
    private double appliedSourceRate;
    private final int speedRampFrames;
    private final int gainRampFrames;
    private final int holdFrames;
    private final int crossfadeFrames;
    private final CountDownLatch finishedLatch = new CountDownLatch(1);

    // Controls: written by any thread, read by the render thread once a period.
    private volatile double speed = 1.0;
    private volatile double volume = 1.0;
    private volatile double fullScale = DEFAULT_FULL_SCALE;
    private volatile boolean paused;
    private volatile LoopRegion loop;
    private final AtomicLong seekRequest = new AtomicLong(NO_SEEK);
    private volatile boolean stopRequested;

    // Stats: written by the render thread only, read by anyone.
    private volatile long framesRendered;
    private volatile long sourcePosition;
    private volatile long underruns;
    private volatile long firstAudioNanos;
    private volatile boolean audioStarted;
    private volatile boolean finished;
    private volatile Throwable failure;

    // Render state: render thread only. Allocated in prepare().
    private Resampler resampler;
    private float[] out;
    private double[] crossfadeCurve;
    private double[] holdCurve;
    private boolean realTime;
    private boolean prerolled;
    private boolean underrun;
    private boolean periodHadAudio;
    private double posA;
    private double posB;
    private boolean crossfading;
    private int crossfadeFrame;
    private double step;
    private double stepTarget;
    private double stepInc;
    private int stepRampLeft;
    private double appliedSpeed;
    private double gain;
    private double gainTarget;
    private double gainInc;
    private int gainRampLeft;
    private double appliedVolume;
    private double appliedFullScale;
    private int holdFrame;
    private LoopRegion activeLoop;

    private volatile boolean prepared;
    private volatile Thread renderThread;

    /** An engine with its own buffer of {@code settings.capacitySamples()}; fill it through {@link #buffer()}. */
    public PlaybackEngine(EngineSettings settings, AudioSink sink) {
        this(settings, settings.newBuffer(), sink);
    }

    public PlaybackEngine(EngineSettings settings, SessionBuffer buffer, AudioSink sink) {
        this.settings = settings;
        this.buffer = buffer;
        this.sink = sink;
        this.format = settings.sinkFormat();
        this.periodFrames = settings.periodFrames();
        this.baseStep = settings.baseStep();
        this.sourceRate = settings.sourceRate();
        this.prerollSamples = settings.prerollSamples();
        this.appliedSourceRate = settings.sourceRate();
        int rate = settings.deviceRate();
        this.speedRampFrames = Math.max(1, rate * SPEED_RAMP_MS / 1000);
        this.gainRampFrames = Math.max(1, rate * GAIN_RAMP_MS / 1000);
        this.holdFrames = Math.max(1, rate * HOLD_FADE_MS / 1000);
        this.crossfadeFrames = Math.max(1, rate * CROSSFADE_MS / 1000);
    }

    /** Configures the sink (on the calling thread, so device errors surface here) and starts the render thread. */
    public synchronized void start() {
        if (renderThread != null) {
            throw new IllegalStateException("already started");
        }
        prepare();
        Thread t = new Thread(this::run, "audifleet-render");
        // Linux ignores Java priorities for normal users; it still documents intent and helps elsewhere.
        t.setPriority(Thread.MAX_PRIORITY);
        t.setDaemon(false);
        renderThread = t;
        t.start();
    }

    /** Allocates everything the render loop uses and configures the sink. */
    void prepare() {
        if (prepared) {
            return;
        }
        sink.configure(format);
        realTime = sink.realTime();
        resampler = new Resampler(settings.resamplerTaps());
        out = new float[periodFrames];
        crossfadeCurve = new double[crossfadeFrames];
        for (int j = 0; j < crossfadeFrames; j++) {
            double s = Math.sin(0.5 * Math.PI * (j + 1) / (crossfadeFrames + 1));
            crossfadeCurve[j] = s * s;
        }
        holdCurve = new double[holdFrames + 1];
        for (int k = 0; k < holdFrames; k++) {
            double s = Math.sin(0.5 * Math.PI * k / holdFrames);
            holdCurve[k] = s * s;
        }
        holdCurve[holdFrames] = 1.0;
        step = stepTarget = baseStep * speed;
        appliedSpeed = speed;
        appliedVolume = volume;
        appliedFullScale = fullScale;
        gain = gainTarget = appliedVolume / appliedFullScale;
        // A device fades in from silence (the first count is rarely 0); a file or capture starts at full gain so
        // that it holds the session sample for sample.
        holdFrame = realTime ? 0 : holdFrames;
        prepared = true;
    }

    private void run() {
        Throwable error = null;
        try {
            while (!stopRequested) {
                int n = cycle();
                if (n == END) {
                    break;
                }
                if (n == WAIT) {
                    buffer.awaitData(WAIT_NANOS);
                }
            }
        } catch (Throwable t) {
            error = t;
        }
        finish(error);
    }

    /** One render-loop iteration: returns frames written, {@link #WAIT} or {@link #END}. */
    int cycle() {
        int n = renderPeriod();
        if (n > 0) {
            sink.process(out, n);
            framesRendered = framesRendered + n;
            sourcePosition = (long) (crossfading ? posB : posA);
            if (periodHadAudio && !audioStarted) {
                firstAudioNanos = System.nanoTime();
                audioStarted = true;
            }
        }
        return n;
    }

    void finish(Throwable error) {
        try {
            if (prepared) {
                sink.shutdown();
            }
        } catch (RuntimeException e) {
            if (error == null) {
                error = e;
            }
        }
        failure = error;
        finished = true;
        finishedLatch.countDown();
    }

    int renderPeriod() {
        long avail = buffer.available();
        boolean complete = buffer.complete();
        if (!prerolled) {
            if (!complete && avail < prerollSamples) {
                return WAIT;
            }
            prerolled = true;
        }
        applyControls(avail, complete);

        LoopRegion lr = activeLoop;
        long loopFrom = 0;
        long loopTo = 0;
        boolean looping = false;
        if (lr != null) {
            loopFrom = lr.from();
            loopTo = complete ? Math.min(lr.to(), avail) : lr.to();
            looping = loopTo > loopFrom;
        }
        if (complete && !looping && !crossfading && posA >= avail) {
            return END;
        }
        double maxStep = Math.max(step, stepTarget);
        int reach = resampler.reach(maxStep);
        boolean hold = paused;
        if (!complete) {
            double lead = crossfading ? Math.max(posA, posB) : posA;
            long needFull = (long) Math.ceil(lead + periodFrames * maxStep) + reach;
            if (looping) {
                needFull = Math.min(needFull, loopTo + reach);
            }
            boolean enough = avail >= needFull;
            if (!realTime) {
                if (!enough) {
                    return WAIT;
                }
            } else if (underrun) {
                // Recover with a pre-roll's worth in hand, so a trickle of data does not stutter on and off.
                if (enough && (looping || avail >= needFull + prerollSamples)) {
                    underrun = false;
                } else {
                    hold = true;
                }
            } else if (!enough) {
                underrun = true;
                underruns = underruns + 1;
                long needFade = (long) Math.ceil(lead + holdFrames * maxStep) + reach;
                if (avail < needFade) {
                    holdFrame = 0; // not even a fade's worth left: cut
                }
                hold = true;
            }
        }
        if (hold && holdFrame == 0 && !realTime) {
            return WAIT;
        }

        float[] o = out;
        SessionBuffer src = buffer;
        Resampler rs = resampler;
        boolean audio = false;
        int n = 0;
        for (; n < periodFrames; n++) {
            if (hold && holdFrame == 0) {
                o[n] = 0f;
                continue;
            }
            if (complete && !looping && !crossfading && posA >= avail) {
                break;
            }
            if (stepRampLeft > 0) {
                step = --stepRampLeft == 0 ? stepTarget : step + stepInc;
            }
            if (gainRampLeft > 0) {
                gain = --gainRampLeft == 0 ? gainTarget : gain + gainInc;
            }
            if (hold) {
                holdFrame--;
            } else if (holdFrame < holdFrames) {
                holdFrame++;
            }
            double v = rs.valueAt(src, avail, posA, step);
            posA += step;
            if (crossfading) {
                double b = rs.valueAt(src, avail, posB, step);
                posB += step;
                v += (b - v) * crossfadeCurve[crossfadeFrame];
                if (++crossfadeFrame == crossfadeFrames) {
                    posA = posB;
                    crossfading = false;
                }
            } else if (looping && posA >= loopTo - crossfadeFrames * step) {
                // Start the incoming voice as far before `from` as we are before `to`, so `from` lines up with `to`.
                posB = loopFrom - Math.max(0.0, loopTo - posA);
                crossfading = true;
                crossfadeFrame = 0;
            }
            o[n] = (float) (v * gain * holdCurve[holdFrame]);
            audio = true;
        }
        periodHadAudio = audio;
        return n;
    }

    private void applyControls(long avail, boolean complete) {
        double sp = speed;
        double sr = sourceRate;
        if (sp != appliedSpeed || sr != appliedSourceRate) {
            appliedSpeed = sp;
            appliedSourceRate = sr;
            baseStep = sr * settings.baseSpeed() / settings.deviceRate();
            stepTarget = baseStep * sp;
            stepRampLeft = speedRampFrames;
            stepInc = (stepTarget - step) / speedRampFrames;
            if (!audioStarted) {
                // Nothing has played yet: start at the right rate rather than ramp into it.
                step = stepTarget;
                stepRampLeft = 0;
            }
        }
        double v = volume;
        double fs = fullScale;
        if (v != appliedVolume || fs != appliedFullScale) {
            appliedVolume = v;
            appliedFullScale = fs;
            gainTarget = v / fs;
            gainRampLeft = gainRampFrames;
            gainInc = (gainTarget - gain) / gainRampFrames;
            if (!audioStarted) {
                // Nothing has played yet, so nothing can click: the first sample already has the right gain.
                gain = gainTarget;
                gainRampLeft = 0;
            }
        }
        activeLoop = loop;
        if (!crossfading) {
            // A seek arriving during a crossfade waits for it to finish (≤ 10 ms) rather than cutting it short.
            long target = seekRequest.getAndSet(NO_SEEK);
            if (target != NO_SEEK) {
                if (complete && target > avail) {
                    target = avail;
                }
                if (holdFrame == 0) {
                    posA = target; // silent: nothing to crossfade
                } else {
                    posB = target;
                    crossfading = true;
                    crossfadeFrame = 0;
                }
            }
        }
    }

    /** Speed multiplier on the base speed, 0.1–15; ramped over 20 ms. */
    public void setSpeed(double multiplier) {
        if (!(multiplier >= EngineSettings.MIN_SPEED && multiplier <= EngineSettings.MAX_SPEED)) {
            throw new IllegalArgumentException("speed " + multiplier + " is outside " + EngineSettings.MIN_SPEED
                    + ".." + EngineSettings.MAX_SPEED);
        }
        speed = multiplier;
    }

    public double speed() {
        return speed;
    }

    /**
     * The stream's real sample rate, for data whose rate is known only once it arrives (an FDSN
     * stream may be 100, 40, 20 or 1 Hz). Before the first audio it applies at once; later it ramps
     * like a speed change. The base speed stays what the settings say (441x by default).
     */
    public void setSourceRate(double hz) {
        settings.withSourceRate(hz); // the settings' own checks: a positive rate the resampler can reach
        // The pre-roll is the same audio time at the new rate: 4410 samples at 100 Hz are 44 at 1 Hz.
        this.prerollSamples = Math.round(settings.prerollSamples() * hz / settings.sourceRate());
        this.sourceRate = hz;
        wake();
    }

    /** Source samples buffered before playback starts (and after an underrun), at the current source rate. */
    public long prerollSamples() {
        return prerollSamples;
    }

    public double sourceRate() {
        return sourceRate;
    }

    /** Volume 0–2 (1 = unity); ramped over 5 ms. */
    public void setVolume(double volume) {
        if (!(volume >= EngineSettings.MIN_VOLUME && volume <= EngineSettings.MAX_VOLUME)) {
            throw new IllegalArgumentException("volume " + volume + " is outside " + EngineSettings.MIN_VOLUME + ".."
                    + EngineSettings.MAX_VOLUME);
        }
        this.volume = volume;
    }

    public double volume() {
        return volume;
    }

    /** The count that plays as 1.0 (full scale) at volume 1; ramped like volume. */
    public void setFullScale(double counts) {
        if (!(counts > 0) || Double.isInfinite(counts)) {
            throw new IllegalArgumentException("full scale must be a positive count, got " + counts);
        }
        this.fullScale = counts;
    }

    public double fullScale() {
        return fullScale;
    }

    /** Fades out over 5 ms and holds the position; a device keeps receiving silence. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        wake();
    }

    public boolean isPaused() {
        return paused;
    }

    /**
     * Plays from data-sample index {@code sampleIndex}: the new position's first sample enters exactly there,
     * crossfading from the old one over 10 ms. A target past the end of a complete session ends playback; one past
     * what has arrived waits (an underrun on a device). Seeking outside the loop region clears the loop.
     */
    public void seek(long sampleIndex) {
        if (sampleIndex < 0) {
            throw new IllegalArgumentException("seek to negative sample " + sampleIndex);
        }
        LoopRegion lr = loop;
        if (lr != null && (sampleIndex < lr.from() || sampleIndex >= lr.to())) {
            loop = null;
        }
        seekRequest.set(sampleIndex);
        wake();
    }

    /**
     * Loops over {@code [from, to)} in data-sample indices. Reaching {@code to - 10 ms}, playback crossfades into
     * the same distance before {@code from}, so {@code from} sounds exactly where {@code to} would have. Set while
     * playing past {@code to}, playback crossfades back to {@code from}.
     */
    public void setLoop(long from, long to) {
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("loop [" + from + ", " + to + ") is empty or negative");
        }
        loop = new LoopRegion(from, to);
        wake();
    }

    public void clearLoop() {
        loop = null;
    }

    private void wake() {
        Thread t = renderThread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Frames handed to the sink, silence included. */
    public long framesRendered() {
        return framesRendered;
    }

    /** Data-sample index reached by the frames written to the sink so far (the device plays them shortly after). */
    public long sourcePosition() {
        return sourcePosition;
    }

    /** Times the buffer ran dry before the end of the session on a real-time sink (one per episode). */
    public long underruns() {
        return underruns;
    }

    /** {@link System#nanoTime()} right after the first period holding session audio went to the sink. */
    public OptionalLong firstAudioNanos() {
        return audioStarted ? OptionalLong.of(firstAudioNanos) : OptionalLong.empty();
    }

    public boolean isFinished() {
        return finished;
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
        stopRequested = true;
        Thread t;
        synchronized (this) {
            t = renderThread;
        }
        if (t == null) {
            if (!finished) {
                finish(null);
            }
            return;
        }
        LockSupport.unpark(t);
        try {
            t.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
