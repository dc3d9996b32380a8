package org.audifleet.player.engine;

import java.util.OptionalLong;
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

    /** Renders one period and hands it to the sink: returns the frames written, {@link #WAIT} or {@link #END}. */
    int cycle() {
        int n = renderPeriod();
        if (n > 0) {
            sink.process(out, n);
            framesRendered = framesRendered + n;
            sourcePosition = (long) (crossfading ? posB : posA);
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

    private int renderPeriod() {
        long avail = buffer.available();
        boolean complete = buffer.complete();
        if (!prerolled) {
            if (!complete && avail < controls.prerollSamples()) {
                return WAIT;
            }
            prerolled = true;
        }
        // A seek arriving during a crossfade waits for it to finish (≤ 10 ms) rather than cutting it short.
        controls.read(now, !crossfading);
        apply(now, avail, complete);
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
        double maxStep = step.max();
        double minStep = Math.min(step.value(), step.target());
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
        double st = step.value();
        double g = gain.value();
        double fullScale = appliedFullScale;
        double knee = SoftLimiter.kneeFor(g * fullScale);
        boolean ramping = step.ramping() || gain.ramping();
        int lv = levelFor(st);
        SampleSource src = levels[lv];
        long limit = levelLimit[lv];
        double scale = levelScale[lv];
        int n = 0;
        for (; n < periodFrames; n++) {
            if (hold && holdFrame == 0) {
                o[n] = 0f;
                continue;
            }
            if (complete && !looping && !crossfading && posA >= avail) {
                break;
            }
            if (ramping) {
                st = step.next();
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
            } else if (holdFrame < holdFrames) {
                holdFrame++;
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
