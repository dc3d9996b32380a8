package org.audifleet.player.station;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.audifleet.player.engine.EngineSettings;

/**
 * How a session's data samples map to data time and to audio time: the window's start, the stream's source rate
 * and the audification factor at 1x. Every piece of station maths reads it here (the engine's settings, the
 * controls' clock, seek step and loop width, the status line, the overview's size, the summary's gap time), so a
 * stream at 40, 20 or 1 Hz is right everywhere at once.
 *
 * <p>The rate is assumed ({@link #NOMINAL_RATE} unless the caller knows better) until the session's first block
 * says what it is: FDSN streams state their rate only in the data. It is learned on the consumer thread before
 * that block's samples go anywhere, and read from any thread.
 */
public final class SessionClock {

    /** Rate assumed before the first block arrives: most seismometer channels record at 100 Hz. */
    public static final double NOMINAL_RATE = 100.0;

    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Instant start;
    private final double baseSpeed;
    private volatile double sourceRate;

    /** Throws if the engine cannot play {@code sourceRate} at {@code baseSpeed} (see {@link EngineSettings}). */
    public SessionClock(Instant start, double sourceRate, double baseSpeed) {
        this.start = start;
        this.baseSpeed = baseSpeed;
        this.sourceRate = sourceRate;
        engineSettings();
    }

    /**
     * Takes the rate the session's first block carries; returns whether it differs from the one assumed. Throws,
     * changing nothing, if the engine cannot play it at this base speed.
     */
    public boolean learnSourceRate(double hz) {
        if (hz == sourceRate) {
            return false;
        }
        engineSettings().withSourceRate(hz);
        sourceRate = hz;
        return true;
    }

    public Instant start() {
        return start;
    }

    public double sourceRate() {
        return sourceRate;
    }

    /** Audification factor at speed 1x (441: 100 Hz data plays at 44.1 kHz). */
    public double baseSpeed() {
        return baseSpeed;
    }

    /** The engine's defaults for this stream at this clock's rate and base speed. */
    public EngineSettings engineSettings() {
        return EngineSettings.defaults(sourceRate).withBaseSpeed(baseSpeed);
    }

    /** Data samples in {@code dataTime}. */
    public long samplesOf(Duration dataTime) {
        return Math.round(dataTime.toNanos() / 1e9 * sourceRate);
    }

    /** Data samples that {@code audio} of sound covers at 1x: audio seconds × source rate × base speed. */
    public long audioToSamples(Duration audio) {
        return Math.round(audio.toNanos() / 1e9 * sourceRate * baseSpeed);
    }

    /** Data time {@code samples} cover, in seconds. */
    public double secondsOf(long samples) {
        return samples / sourceRate;
    }

    /** Data time of sample {@code index} as a UTC clock, HH:mm:ss. */
    public String clock(long index) {
        return HMS.format(start.plusNanos(Math.round(Math.max(0, index) / sourceRate * 1e9)));
    }
}
