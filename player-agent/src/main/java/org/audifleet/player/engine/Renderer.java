package org.audifleet.player.engine;

import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.audifleet.player.sink.AudioSink;

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
 */
final class Renderer {

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
    private final AudioSink sink;
    private final Controls controls;
    private final Controls.Snapshot now = new Controls.Snapshot();
    private final int periodFrames;
    private final int holdFrames;
    private final int crossfadeFrames;
    /** Source samples per output frame: the base step at the current source rate, times the speed. */
    private final Ramp step;
    /** Volume over full scale: what a count is multiplied by. */
    private final Ramp gain;

    // Stats: written by the render thread only, read by anyone.
    private volatile long framesRendered;
    private volatile long sourcePosition;
    private volatile long underruns;
    private volatile long firstAudioNanos;
    private volatile boolean audioStarted;

    // Allocated in configure().
    private Resampler resampler;
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

    Renderer(EngineSettings settings, SessionBuffer buffer, AudioSink sink, Controls controls) {
        this.settings = settings;
        this.buffer = buffer;
        this.sink = sink;
        this.controls = controls;
        this.periodFrames = settings.periodFrames();
        int rate = settings.deviceRate();
        this.step = new Ramp(Math.max(1, rate * SPEED_RAMP_MS / 1000));
        this.gain = new Ramp(Math.max(1, rate * GAIN_RAMP_MS / 1000));
        this.holdFrames = Math.max(1, rate * HOLD_FADE_MS / 1000);
        this.crossfadeFrames = Math.max(1, rate * CROSSFADE_MS / 1000);
    }

    /** Configures the sink and allocates everything the render loop uses. */
    void configure() {
        sink.configure(settings.sinkFormat());
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
        int reach = resampler.reach(maxStep);
        boolean hold = now.paused;
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
                if (enough && (looping || avail >= needFull + controls.prerollSamples())) {
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
        // Locals while no ramp runs: the common period reads no ramp at all, frame after frame.
        double st = step.value();
        double g = gain.value();
        boolean ramping = step.ramping() || gain.ramping();
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
                ramping = step.ramping() || gain.ramping();
            }
            if (hold) {
                holdFrame--;
            } else if (holdFrame < holdFrames) {
                holdFrame++;
            }
            double v = rs.valueAt(src, avail, posA, st);
            posA += st;
            if (crossfading) {
                double b = rs.valueAt(src, avail, posB, st);
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
            o[n] = (float) (v * g * holdCurve[holdFrame]);
            audio = true;
        }
        periodHadAudio = audio;
        return n;
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
        if (c.hasSeek()) {
            long target = c.seek;
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

    AudioSink sink() {
        return sink;
    }

    long framesRendered() {
        return framesRendered;
    }

    long sourcePosition() {
        return sourcePosition;
    }

    long underruns() {
        return underruns;
    }

    OptionalLong firstAudioNanos() {
        return audioStarted ? OptionalLong.of(firstAudioNanos) : OptionalLong.empty();
    }
}
