package org.audifleet.player.engine;

import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.audifleet.player.output.AudioOutput;

/**
 * Everything the render thread owns, and the one period it renders at a time. Each {@link #cycle} reads the
 * {@link Controls} once into its snapshot, renders up to {@code periodFrames} frames through the {@link Resampler}
 * and hands them to the sink. Nothing here allocates, locks or logs after {@link #configure}; the only blocking is
 * in {@code sink.process}.
 *
 * <p>Everything that would click is ramped: speed over {@value #SPEED_RAMP_MS} ms and gain over
 * {@value #GAIN_RAMP_MS} ms (one {@link Ramp} each); pause, resume and underruns fade over {@value #HOLD_FADE_MS} ms
 * (the hold); seeks and loop wrap-arounds crossfade over {@value #CROSSFADE_MS} ms (raised cosine) from voice A,
 * the position playing, to voice B, the position playback moves to.
 *
 * <p>Fast speeds read a decimated level of the session ({@link #levelFor}): positions and the step stay in session
 * samples, divided by the level's factor (a power of 4, so exactly) where the resampler reads. The level changes
 * only while the step ramps, frame by frame at the same position; the levels agree there to within the
 * resampler's own error ({@code DecimatedLevelTests}), so the switch needs no crossfade.
 *
 * <p>DC removal and the high-pass ({@link SoundFilter}) act before volume: the trend per voice, the high-pass on
 * the mix. Above volume 1 the output stage soft-limits ({@link SoftLimiter}); at volume 1 or less it is off.
 */
final class Renderer implements PlaybackStats {

    static final int SPEED_RAMP_MS = 20;
    static final int GAIN_RAMP_MS = 5;
    static final int HOLD_FADE_MS = 5;
    static final int CROSSFADE_MS = 10;
    /**
     * How far the rate correction moves per period at most: 10 ppm (861 ppm/s), far above the servo's own 200 ppm/s,
     * so it only bounds a caller's jump. A frequency change this small is inaudible, and the position stays
     * continuous, so nothing clicks.
     */
    static final double RATE_SLEW_PER_PERIOD = 10e-6;

    /** {@link #cycle} results besides a frame count: the session has played out; no period can be rendered yet. */
    static final int END = 0;
    static final int WAIT = -1;
    /** How long the render thread parks at most when it has to wait for data (the producer wakes it sooner). */
    private static final long WAIT_NANOS = 10_000_000L;

    private final EngineSettings settings;
    private final SessionBuffer buffer;
    private final AudioOutput sink;
    private final Controls controls;
    private final Controls.Snapshot now = new Controls.Snapshot();
    private final int periodFrames;
    private final int holdFrames;
    private final int crossfadeFrames;
    /** Source samples per output frame: the base step at the current source rate, times the speed. */
    private final Ramp step;
    /** Volume over full scale: what a count is multiplied by. */
    private final Ramp gain;
    private final SoundFilter filter;

    // Stats: written by the render thread only, read by anyone.
    private volatile long framesRendered;
    private volatile long sourcePosition;
    private volatile long underruns;
    private volatile long firstAudioNanos;
    private volatile boolean audioStarted;

    // Allocated in configure().
    private Resampler resampler;
    /** Index 0 is the session itself, i the level 4^i below it; their limits are read once a period. */
    private SampleSource[] levels;
    private int[] levelFactor;
    private double[] levelScale;
    private long[] levelLimit;
    private float[] out;
    private double[] crossfadeCurve;
    private double[] holdCurve;
    private boolean realTime;

    private boolean prerolled;
    private boolean underrun;
    private boolean periodHadAudio;
    // NaN until the first period applies the controls: NaN equals nothing, so that first period always does.
    private double appliedSpeed = Double.NaN;
    private double appliedSourceRate = Double.NaN;
    private double appliedVolume = Double.NaN;
    private double appliedFullScale = Double.NaN;
    /** Frames into the hold curve: 0 is silent, {@code holdFrames} is full gain. */
    private int holdFrame;
    private double posA;
    private double posB;
    private boolean crossfading;
    private int crossfadeFrame;
    /** The seek request this renderer took and has not yet handed the output a period of, or NO_SEEK. */
    private long seekTaken = Controls.NO_SEEK;

    // Scheduled changes: callers push onto a lock-free stack; the render thread moves them into its sorted list.
    private final AtomicReference<ScheduledChange> incoming = new AtomicReference<>();
    private final AtomicLong scheduleOrder = new AtomicLong();
    private ScheduledChange pending;
    /** A scheduled seek is taken even during a crossfade: it has a frame to land on. */
    private boolean forceSeek;
    private double appliedRate = 1.0;
    private volatile boolean silenceBeforeData;
    /** The render thread's playhead: the frame from which position and step have been a straight line. */
    private long straightSince;
    private double lastStep;
    private boolean periodSteady;
    // Published after every period for Playhead readers: a sequence lock, odd while being written.
    private volatile long pubSeq;
    private volatile long pubFrame;
    private volatile double pubPosition;
    private volatile double pubStep;
    private volatile long pubSince;

    Renderer(EngineSettings settings, SessionBuffer buffer, AudioOutput sink, Controls controls) {
        this.settings = settings;
        this.buffer = buffer;
        this.sink = sink;
        this.controls = controls;
        this.periodFrames = settings.periodFrames();
        int rate = settings.deviceRate();
        this.step = new Ramp(Math.max(1, rate * SPEED_RAMP_MS / 1000));
        this.gain = new Ramp(Math.max(1, rate * GAIN_RAMP_MS / 1000));
        this.filter = new SoundFilter(rate);
        this.holdFrames = Math.max(1, rate * HOLD_FADE_MS / 1000);
        this.crossfadeFrames = Math.max(1, rate * CROSSFADE_MS / 1000);
    }

    /** Configures the sink and allocates everything the render loop uses. */
    void configure() {
        sink.configure(settings.sinkFormat());
        realTime = sink.realTime();
        resampler = new Resampler(settings.resamplerTaps());
        levels = new SampleSource[SessionBuffer.LEVELS + 1];
        levelFactor = new int[levels.length];
        levelScale = new double[levels.length];
        levelLimit = new long[levels.length];
        levels[0] = buffer;
        levelFactor[0] = 1;
        for (int i = 1; i < levels.length; i++) {
            DecimatedLevel level = buffer.level(i - 1);
            levels[i] = level;
            levelFactor[i] = level.factor();
        }
        for (int i = 0; i < levels.length; i++) {
            levelScale[i] = 1.0 / levelFactor[i];
        }
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
        // A device fades in from silence (the first count is rarely 0); a file or capture starts at full gain so
        // that it holds the session sample for sample.
        holdFrame = realTime ? 0 : holdFrames;
    }

    void shutdown() {
        sink.shutdown();
    }

    /** The render thread's loop: periods until the session has played out or {@code keepPlaying} says stop. */
    void play(BooleanSupplier keepPlaying) {
        while (keepPlaying.getAsBoolean()) {
            int n = cycle();
            if (n == END) {
                return;
            }
            if (n == WAIT) {
                buffer.awaitData(WAIT_NANOS);
            }
        }
    }

    /** Any thread: queues {@code change} for output frame {@code frame} (see {@link PlaybackEngine#schedule}). */
    void schedule(long frame, ScheduledChange change) {
        change.take(frame, scheduleOrder.getAndIncrement());
        ScheduledChange head;
        do {
            head = incoming.get();
            change.nextIncoming = head;
        } while (!incoming.compareAndSet(head, change));
    }

    void silenceBeforeData(boolean on) {
        silenceBeforeData = on;
    }

    /** Any thread: the last period's playhead, consistent (a sequence lock; retries while it is being written). */
    Playhead playhead() {
        while (true) {
            long seq = pubSeq;
            if ((seq & 1) == 0) {
                long frame = pubFrame;
                double position = pubPosition;
                double st = pubStep;
                long since = pubSince;
                if (pubSeq == seq) {
                    return new Playhead(frame, position, st, since);
                }
            }
            Thread.onSpinWait();
        }
    }

    /** Moves the changes callers scheduled into the sorted list; applies those due at this frame. */
    private void applyDue(long at) {
        ScheduledChange c = incoming.getAndSet(null);
        while (c != null) {
            ScheduledChange next = c.nextIncoming;
            c.nextIncoming = null;
            insertPending(c);
            c = next;
        }
        while (pending != null && pending.frame <= at) {
            ScheduledChange due = pending;
            pending = due.nextPending;
            due.nextPending = null;
            due.applyTo(controls, at);
            forceSeek |= due.hasSeek();
        }
    }

    private void insertPending(ScheduledChange c) {
        if (pending == null || before(c, pending)) {
            c.nextPending = pending;
            pending = c;
            return;
        }
        ScheduledChange p = pending;
        while (p.nextPending != null && !before(c, p.nextPending)) {
            p = p.nextPending;
        }
        c.nextPending = p.nextPending;
        p.nextPending = c;
    }

    private static boolean before(ScheduledChange a, ScheduledChange b) {
        return a.frame < b.frame || (a.frame == b.frame && a.order < b.order);
    }

    /** Renders one period and hands it to the sink: returns the frames written, {@link #WAIT} or {@link #END}. */
    int cycle() {
        long at = framesRendered;
        applyDue(at);
        int frames = periodFrames;
        if (pending != null) {
            frames = (int) Math.min(periodFrames, pending.frame - at); // a shorter period, ending on the change
        }
        int n = renderPeriod(frames);
        if (n > 0) {
            sink.process(out, n);
            framesRendered = at + n;
            double position = crossfading ? posB : posA;
            sourcePosition = (long) position;
            if (!periodSteady) {
                straightSince = at + n;
            }
            pubSeq = pubSeq + 1;
            pubFrame = at + n;
            pubPosition = position;
            pubStep = lastStep;
            pubSince = straightSince;
            pubSeq = pubSeq + 1;
            if (seekTaken != Controls.NO_SEEK) {
                controls.seekPlayed(seekTaken); // sourcePosition shows it now
                seekTaken = Controls.NO_SEEK;
            }
            if (periodHadAudio && !audioStarted) {
                firstAudioNanos = System.nanoTime();
                audioStarted = true;
            }
        }
        return n;
    }

    private int renderPeriod(int frames) {
        long avail = buffer.available();
        boolean complete = buffer.complete();
        if (!prerolled) {
            if (!complete && avail < controls.prerollSamples()) {
                if (realTime && silenceBeforeData) {
                    Arrays.fill(out, 0, frames, 0f); // the device runs, its clock can be learnt
                    periodHadAudio = false;
                    periodSteady = false;
                    lastStep = 0;
                    return frames;
                }
                return WAIT;
            }
            prerolled = true;
        }
        // A seek arriving during a crossfade waits for it to finish (≤ 10 ms) rather than cutting it short; a
        // scheduled one does not wait: it has a frame to land on.
        boolean steady = !crossfading;
        controls.read(now, !crossfading || forceSeek);
        forceSeek = false;
        steady &= !now.hasSeek();
        apply(now, avail, complete);
        double rateWanted = now.rateCorrection;
        if (rateWanted != appliedRate) {
            appliedRate += Math.max(-RATE_SLEW_PER_PERIOD, Math.min(RATE_SLEW_PER_PERIOD, rateWanted - appliedRate));
        }
        // After complete(): the producer finishes the levels before it marks the session complete.
        levelLimit[0] = avail;
        for (int i = 1; i < levels.length; i++) {
            levelLimit[i] = levels[i].available();
        }

        LoopRegion lr = now.loop;
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
        double rc = appliedRate;
        double maxStep = step.max() * Math.max(1.0, rc);
        double minStep = Math.min(step.value(), step.target()) * Math.min(1.0, rc);
        boolean hold = now.paused;
        if (!complete) {
            double lead = crossfading ? Math.max(posA, posB) : posA;
            long missing = missing(lead, periodFrames, minStep, maxStep, looping, loopTo);
            boolean enough = missing <= 0;
            if (!realTime) {
                if (!enough) {
                    return WAIT;
                }
            } else if (underrun) {
                // Recover with a pre-roll's worth in hand, so a trickle of data does not stutter on and off.
                if (enough && (looping || -missing >= controls.prerollSamples())) {
                    underrun = false;
                } else {
                    hold = true;
                }
            } else if (!enough) {
                underrun = true;
                underruns = underruns + 1;
                if (missing(lead, holdFrames, minStep, maxStep, looping, loopTo) > 0) {
                    holdFrame = 0; // not even a fade's worth left: cut
                }
                hold = true;
            }
        }
        if (hold && holdFrame == 0 && !realTime) {
            return WAIT;
        }

        float[] o = out;
        Resampler rs = resampler;
        boolean audio = false;
        // Locals while no ramp runs: the common period reads no ramp at all, frame after frame.
        double st = step.value() * rc; // exactly the step when uncorrected (rc = 1): 1x stays bit-exact
        double g = gain.value();
        double fullScale = appliedFullScale;
        double knee = SoftLimiter.kneeFor(g * fullScale);
        boolean ramping = step.ramping() || gain.ramping();
        steady &= !ramping && !(hold && holdFrame == 0) && holdFrame == holdFrames;
        int lv = levelFor(st);
        SampleSource src = levels[lv];
        long limit = levelLimit[lv];
        double scale = levelScale[lv];
        int n = 0;
        for (; n < frames; n++) {
            if (hold && holdFrame == 0) {
                o[n] = 0f;
                steady = false;
                continue;
            }
            if (complete && !looping && !crossfading && posA >= avail) {
                break;
            }
            if (ramping) {
                st = step.next() * rc;
                g = gain.next();
                knee = SoftLimiter.kneeFor(g * fullScale);
                ramping = step.ramping() || gain.ramping();
                lv = levelFor(st);
                src = levels[lv];
                limit = levelLimit[lv];
                scale = levelScale[lv];
            }
            if (hold) {
                holdFrame--;
                steady = false;
            } else if (holdFrame < holdFrames) {
                holdFrame++;
                steady = false;
            }
            filter.advance();
            double v = rs.valueAt(src, limit, posA * scale, st * scale) - filter.trendAt(posA);
            posA += st;
            if (crossfading) {
                double b = rs.valueAt(src, limit, posB * scale, st * scale) - filter.trendAt(posB);
                posB += st;
                v += (b - v) * crossfadeCurve[crossfadeFrame];
                if (++crossfadeFrame == crossfadeFrames) {
                    posA = posB;
                    crossfading = false;
                }
            } else if (looping && posA >= loopTo - crossfadeFrames * st) {
                steady = false;
                // Start voice B as far before `from` as A is before `to`, so `from` lines up with `to`.
                posB = loopFrom - Math.max(0.0, loopTo - posA);
                crossfading = true;
                crossfadeFrame = 0;
            }
            double y = filter.next(v, st, appliedSourceRate) * g * holdCurve[holdFrame];
            o[n] = (float) (knee < SoftLimiter.OFF ? SoftLimiter.limit(y, knee) : y);
            audio = true;
        }
        periodHadAudio = audio;
        periodSteady = steady && !crossfading;
        lastStep = hold && holdFrame == 0 ? 0 : st;
        return n;
    }

    /**
     * The session's rate to read at {@code step}: 0 is the session itself, i the level 4^i below it, the coarsest
     * that still gets {@link DecimationFilter#MIN_LEVEL_STEP} level samples or more per frame (the band its filter
     * was designed for). So steps below 16 read the session as before (bit-exact at 1), 16 to 64 the level of 4,
     * 64 to 256 that of 16, and above the level of 64: 340 (10,000× for 100 Hz data at 15×) reads 5.3 a frame.
     */
    static int levelFor(double step) {
        int level = 0;
        while (level < SessionBuffer.LEVELS
                && step >= DecimationFilter.MIN_LEVEL_STEP * (1 << (2 * (level + 1)))) {
            level++;
        }
        return level;
    }

    /**
     * Session samples still to arrive before {@code frames} frames from {@code lead}, at steps up to {@code maxStep},
     * can be read at every level those steps use (0 or less: none; less than 0: that many to spare).
     */
    private long missing(double lead, int frames, double minStep, double maxStep, boolean looping, long loopTo) {
        long worst = Long.MIN_VALUE;
        for (int l = levelFor(minStep), top = levelFor(maxStep); l <= top; l++) {
            double scale = levelScale[l];
            int reach = resampler.reach(maxStep * scale);
            long need = (long) Math.ceil((lead + frames * maxStep) * scale) + reach;
            if (looping) {
                need = Math.min(need, (long) Math.ceil(loopTo * scale) + reach);
            }
            worst = Math.max(worst, (need - levelLimit[l]) * levelFactor[l]);
        }
        return worst;
    }

    /** Turns this period's snapshot into ramp targets and, at most once per crossfade, a seek. */
    private void apply(Controls.Snapshot c, long avail, boolean complete) {
        // Before the first audio nothing can click, so the ramps jump: the first sample has the right rate and gain.
        boolean jump = !audioStarted;
        if (c.speed != appliedSpeed || c.sourceRate != appliedSourceRate) {
            appliedSpeed = c.speed;
            appliedSourceRate = c.sourceRate;
            double baseStep = c.sourceRate * settings.baseSpeed() / settings.deviceRate();
            step.moveTo(baseStep * c.speed, jump);
        }
        if (c.volume != appliedVolume || c.fullScale != appliedFullScale) {
            appliedVolume = c.volume;
            appliedFullScale = c.fullScale;
            gain.moveTo(c.volume / c.fullScale, jump);
        }
        filter.period(c.filters, buffer.trend().line(c.filters.dc()), jump);
        if (c.hasSeek()) {
            if (crossfading) {
                posA = posB; // only a scheduled seek lands here mid-crossfade: the old one ends at once
                crossfading = false;
            }
            seekTaken = c.seek;
            long target = c.seek;
            if (complete && target > avail) {
                target = avail;
            }
            if (holdFrame == 0) {
                posA = target; // silent: nothing to crossfade
                filter.reset(); // nor a step for the high-pass to ring on
            } else {
                posB = target;
                crossfading = true;
                crossfadeFrame = 0;
            }
        }
    }

    int holdFrames() {
        return holdFrames;
    }

    int speedRampFrames() {
        return step.frames();
    }

    AudioOutput sink() {
        return sink;
    }

    @Override
    public long framesRendered() {
        return framesRendered;
    }

    @Override
    public long sourcePosition() {
        return sourcePosition;
    }

    @Override
    public long underruns() {
        return underruns;
    }

    @Override
    public OptionalLong firstAudioNanos() {
        return audioStarted ? OptionalLong.of(firstAudioNanos) : OptionalLong.empty();
    }
}
