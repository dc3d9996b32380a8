package org.audifleet.player.engine;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The controls of one playing session. Any thread may write them (keys, daemon controls, the session when it
 * learns the source rate); the render thread copies them into its {@link Snapshot} once a period. Volatile fields
 * and one atomic seek slot: no locks, so no control can hold up the render thread. Each setter applies its bound
 * here, and here only.
 */
final class Controls {

    static final long NO_SEEK = -1;

    private final EngineSettings settings;
    /** How far {@link #setRateCorrection} may move the step from 1: 1000 ppm, twice the servo's bound. */
    static final double MAX_RATE_CORRECTION = 0.001;

    private volatile double speed = 1.0;
    private volatile double rateCorrection = 1.0;
    private volatile double sourceRate;
    private volatile long prerollSamples;
    private volatile double volume = 1.0;
    private volatile double fullScale = PlaybackEngine.DEFAULT_FULL_SCALE;
    private volatile boolean paused;
    private volatile LoopRegion loop;
    private volatile SoundFilters filters = SoundFilters.DEFAULT;
    private final AtomicLong seekRequest = new AtomicLong(NO_SEEK);
    /**
     * The last seek asked for until a period that played from it has reached the output: the render thread takes
     * {@link #seekRequest} a period before {@code sourcePosition} shows it, and a key burst steps from here meanwhile.
     */
    private final AtomicLong seekTarget = new AtomicLong(NO_SEEK);

    Controls(EngineSettings settings) {
        this.settings = settings;
        this.sourceRate = settings.sourceRate();
        this.prerollSamples = settings.prerollSamples();
    }

    void setSpeed(double multiplier) {
        speed = checkSpeed(multiplier);
    }

    /** The speed's bound, for setters and for changes built ahead ({@link ScheduledChange}). */
    static double checkSpeed(double multiplier) {
        if (!(multiplier >= EngineSettings.MIN_SPEED && multiplier <= EngineSettings.MAX_SPEED)) {
            throw new IllegalArgumentException("speed " + multiplier + " is outside " + EngineSettings.MIN_SPEED
                    + ".." + EngineSettings.MAX_SPEED);
        }
        return multiplier;
    }

    /**
     * Multiplies the step like the speed: a synchronized station's rate correction (sync/RateServo), within
     * 1 ± {@value #MAX_RATE_CORRECTION}. The render thread slews to it ({@code Renderer.RATE_SLEW_PER_PERIOD}).
     */
    void setRateCorrection(double ratio) {
        if (!(ratio >= 1 - MAX_RATE_CORRECTION && ratio <= 1 + MAX_RATE_CORRECTION)) {
            throw new IllegalArgumentException("rate correction " + ratio + " is outside 1 ± " + MAX_RATE_CORRECTION);
        }
        rateCorrection = ratio;
    }

    double rateCorrection() {
        return rateCorrection;
    }

    double speed() {
        return speed;
    }

    void setSourceRate(double hz) {
        settings.withSourceRate(hz); // the settings' own checks: a positive rate within MAX_BASE_RATE
        // The pre-roll is the same audio time at the new rate: 4410 samples at 100 Hz are 44 at 1 Hz.
        prerollSamples = Math.round(settings.prerollSamples() * hz / settings.sourceRate());
        sourceRate = hz;
    }

    /** Source samples to buffer before playing (and to recover from an underrun), at the current source rate. */
    long prerollSamples() {
        return prerollSamples;
    }

    double sourceRate() {
        return sourceRate;
    }

    void setVolume(double v) {
        volume = checkVolume(v);
    }

    static double checkVolume(double v) {
        if (!(v >= EngineSettings.MIN_VOLUME && v <= EngineSettings.MAX_VOLUME)) {
            throw new IllegalArgumentException("volume " + v + " is outside " + EngineSettings.MIN_VOLUME + ".."
                    + EngineSettings.MAX_VOLUME);
        }
        return v;
    }

    double volume() {
        return volume;
    }

    void setFullScale(double counts) {
        if (!(counts > 0) || Double.isInfinite(counts)) {
            throw new IllegalArgumentException("full scale must be a positive count, got " + counts);
        }
        fullScale = counts;
    }

    double fullScale() {
        return fullScale;
    }

    void setPaused(boolean p) {
        paused = p;
    }

    boolean paused() {
        return paused;
    }

    /** Asks for a seek; one that leaves the loop clears it. */
    void seek(long sampleIndex) {
        checkSeek(sampleIndex);
        LoopRegion l = loop;
        if (l != null && !l.contains(sampleIndex)) {
            loop = null;
        }
        seekTarget.set(sampleIndex); // before the request: the render thread cannot play it before it is pending
        seekRequest.set(sampleIndex);
    }

    static long checkSeek(long sampleIndex) {
        if (sampleIndex < 0) {
            throw new IllegalArgumentException("seek to negative sample " + sampleIndex);
        }
        return sampleIndex;
    }

    /** The last seek asked for that playback has not yet reached, or empty. */
    OptionalLong pendingSeek() {
        long target = seekTarget.get();
        return target == NO_SEEK ? OptionalLong.empty() : OptionalLong.of(target);
    }

    /** The render thread has handed the output a period played from {@code target}; a later seek stays pending. */
    void seekPlayed(long target) {
        seekTarget.compareAndSet(target, NO_SEEK);
    }

    void setLoop(long from, long to) {
        loop = new LoopRegion(from, to);
    }

    /** The render thread's way in ({@link ScheduledChange}): the region was made on the caller's thread. */
    void setLoop(LoopRegion region) {
        loop = region;
    }

    void clearLoop() {
        loop = null;
    }

    /** The loop in force, or null: the one answer to "what is the loop", for the render thread and the station. */
    LoopRegion loop() {
        return loop;
    }

    void setFilters(SoundFilters f) {
        filters = java.util.Objects.requireNonNull(f, "filters");
    }

    SoundFilters filters() {
        return filters;
    }

    /**
     * Copies every control into {@code into}. The pending seek is taken only when {@code takeSeek}; otherwise it
     * stays pending for a later period (the renderer does not cut a crossfade short).
     */
    void read(Snapshot into, boolean takeSeek) {
        into.speed = speed;
        into.rateCorrection = rateCorrection;
        into.sourceRate = sourceRate;
        into.volume = volume;
        SoundFilters f = filters;
        into.filters = f;
        // Normalize off: the digitizer's full scale plays as 1.0, ramped like any full-scale change.
        into.fullScale = f.normalize() ? fullScale : PlaybackEngine.DEFAULT_FULL_SCALE;
        into.paused = paused;
        into.loop = loop;
        into.seek = takeSeek ? seekRequest.getAndSet(NO_SEEK) : NO_SEEK;
    }

    /** The controls as the render thread read them at the start of a period; allocated once, render thread only. */
    static final class Snapshot {
        double speed;
        double rateCorrection = 1.0;
        double sourceRate;
        double volume;
        double fullScale;
        boolean paused;
        LoopRegion loop;
        SoundFilters filters = SoundFilters.DEFAULT;
        long seek = NO_SEEK;

        boolean hasSeek() {
            return seek != NO_SEEK;
        }
    }
}
