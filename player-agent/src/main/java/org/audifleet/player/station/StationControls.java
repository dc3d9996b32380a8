package org.audifleet.player.station;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.audifleet.player.engine.EngineSettings;
import org.audifleet.player.engine.LoopRegion;
import org.audifleet.player.engine.SoundFilters;
import org.audifleet.signal.Detrend;
import org.audifleet.signal.HighPassFilter;
import org.audifleet.wire.PlaybackControl.Position;

/**
 * What a key or a daemon control does to a playing session, with the limits a station applies: seeks and loops stay
 * inside what is buffered (clamped, with a note saying so), volume and speed inside the engine's bounds
 * ({@link EngineSettings}). Every method returns a short note for the operator. Data time and the seek step's
 * audio time are converted at the {@link SessionClock}'s rate, the stream's own once its first block arrived.
 * Called from the key thread or the daemon's control thread, never from the render thread; the transport's
 * setters only write the engine's control fields.
 */
public final class StationControls {

    /** Speed multipliers +/- step through. */
    static final double[] SPEEDS = {0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8, 10, 15};
    static final double VOLUME_STEP = 0.1;
    /** {@code l} loops the current position ± this much data time. */
    static final Duration LOOP_HALF_WIDTH = Duration.ofMinutes(1);

    private final Transport transport;
    private final SessionClock clock;
    private final Duration seekStep;
    private final Runnable stop;

    /**
     * @param seekStep what ←/→ move, in audio time at 1x (10 s of audio at 441x is 4410 s of data)
     * @param stop what {@code q} and STOP do
     */
    public StationControls(Transport transport, SessionClock clock, Duration seekStep, Runnable stop) {
        this.transport = transport;
        this.clock = clock;
        this.seekStep = seekStep;
        this.stop = stop;
    }

    public String press(Key key) {
        return switch (key) {
            case PAUSE_RESUME -> transport.paused() ? resume() : pause();
            case SEEK_BACK -> seekTo(seekOrigin() - seekStepSamples());
            case SEEK_FORWARD -> seekTo(seekOrigin() + seekStepSamples());
            case VOLUME_UP -> setVolume(transport.volume() + VOLUME_STEP);
            case VOLUME_DOWN -> setVolume(transport.volume() - VOLUME_STEP);
            case FASTER -> setSpeed(nextSpeed(transport.speed(), +1));
            case SLOWER -> setSpeed(nextSpeed(transport.speed(), -1));
            case LOOP_HERE -> loopAroundPosition();
            case CLEAR_LOOP -> clearLoop();
            case HIGH_PASS -> setHighPass(nextCorner(transport.filters().highPassHz()));
            case DC_REMOVAL -> setDc(Detrend.Mode.values()[(transport.filters().dc().ordinal() + 1)
                    % Detrend.Mode.values().length]);
            case NORMALIZE -> setNormalize(!transport.filters().normalize());
            case GO_TO -> PositionPrompt.HINT; // the view opens the prompt and sends the line to seekTo/setLoop
            case QUIT -> stop();
            case HELP -> Key.HELP_TEXT;
        };
    }

    public String pause() {
        transport.pause();
        return "paused at " + clock(transport.position());
    }

    public String resume() {
        transport.resume();
        return "playing";
    }

    /**
     * Where ←/→ step from: the seek still pending when there is one, so that a burst of presses moves a step each
     * (the position shows a seek only a period or two after it was asked for), else the position.
     */
    long seekOrigin() {
        return transport.pendingSeek().orElse(transport.position());
    }

    /** What ←/→ move, in data samples at the session's rate. */
    long seekStepSamples() {
        return clock.audioToSamples(seekStep);
    }

    /** Seeks to data-sample {@code target}, clamped to what is buffered. */
    public String seekTo(long target) {
        long last = lastSeekable();
        long to = Math.max(0, Math.min(target, last));
        transport.seek(to); // a seek that leaves the loop clears it, in the engine
        if (target < 0) {
            return "seek " + clock(to) + " (clamped to the session start)";
        }
        if (target > last) {
            return "seek " + clock(to) + " (clamped: only " + span(transport.available()) + " of data buffered"
                    + (transport.complete() ? ", the whole session" : "") + ")";
        }
        return "seek " + clock(to);
    }

    /**
     * The data sample {@code at} names ({@link DataPosition}): from the session's first sample, or from where
     * playback is (the pending seek during a burst) when relative; not clamped.
     */
    public long samplesAt(Position at) {
        long offset = clock.samplesOf(Duration.of(at.micros(), ChronoUnit.MICROS));
        return at.relative() ? seekOrigin() + offset : offset;
    }

    /** Seeks to a data time, clamped like {@link #seekTo(long)}. */
    public String seekTo(Position at) {
        return seekTo(samplesAt(at));
    }

    /** Loops over {@code [from, to)} in data time, clamped like {@link #setLoop(long, long)}. */
    public String setLoop(Position from, Position to) {
        return setLoop(samplesAt(from), samplesAt(to));
    }

    /** The sound's high-pass at {@code cornerHz} of data frequency, 0 = off (clamped to the engine's bound). */
    public String setHighPass(double cornerHz) {
        double hz = Math.max(0, Math.min(SoundFilters.MAX_HIGH_PASS_HZ, cornerHz));
        transport.setFilters(transport.filters().withHighPass(hz));
        return (hz == 0 ? "high-pass off" : "high-pass " + trim3(hz) + " Hz")
                + (hz != cornerHz ? " (limit 0.." + trim(SoundFilters.MAX_HIGH_PASS_HZ) + ")" : "");
    }

    public String setDc(Detrend.Mode mode) {
        transport.setFilters(transport.filters().withDc(mode));
        return switch (mode) {
            case NONE -> "DC removal off";
            case MEAN -> "DC removal: running mean";
            case LINEAR -> "DC removal: running line (detrend)";
        };
    }

    public String setNormalize(boolean on) {
        transport.setFilters(transport.filters().withNormalize(on));
        return on ? "normalize on (the session's peak near full scale)" : "normalize off (2^23 counts full scale)";
    }

    /** What {@code f} steps to: off, then each of the waveform service's corners, then off again. */
    static double nextCorner(double current) {
        for (double c : HighPassFilter.CORNERS_HZ) {
            if (c > current + 1e-12) {
                return c;
            }
        }
        return 0;
    }

    static String trim3(double x) {
        String s = String.format(Locale.ROOT, "%.3f", x);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** Seeks never go past what has arrived; while data still arrives, they keep a pre-roll short of its end. */
    long lastSeekable() {
        long avail = transport.available();
        if (transport.complete()) {
            return Math.max(0, avail - 1);
        }
        return Math.max(0, avail - Math.max(1, transport.prerollSamples()));
    }

    public String setVolume(double volume) {
        double v = Math.max(EngineSettings.MIN_VOLUME, Math.min(EngineSettings.MAX_VOLUME,
                Math.round(volume * 100) / 100.0));
        transport.setVolume(v);
        return String.format(Locale.ROOT, "volume %.2f%s", v, v != volume && Math.abs(v - volume) > 0.005
                ? limit(EngineSettings.MIN_VOLUME, EngineSettings.MAX_VOLUME) : "");
    }

    public String setSpeed(double multiplier) {
        double x = Math.max(EngineSettings.MIN_SPEED, Math.min(EngineSettings.MAX_SPEED, multiplier));
        transport.setSpeed(x);
        return String.format(Locale.ROOT, "speed %sx (%.0fx real time)%s", trim(x), x * clock.baseSpeed(),
                x != multiplier ? limit(EngineSettings.MIN_SPEED, EngineSettings.MAX_SPEED) : "");
    }

    private static String limit(double min, double max) {
        return " (limit " + trim(min) + ".." + trim(max) + ")";
    }

    static double nextSpeed(double current, int direction) {
        if (direction > 0) {
            for (double s : SPEEDS) {
                if (s > current + 1e-9) {
                    return s;
                }
            }
            return SPEEDS[SPEEDS.length - 1];
        }
        for (int i = SPEEDS.length - 1; i >= 0; i--) {
            if (SPEEDS[i] < current - 1e-9) {
                return SPEEDS[i];
            }
        }
        return SPEEDS[0];
    }

    /** Loops the current position ± 1 min of data, inside what is buffered. */
    public String loopAroundPosition() {
        long half = clock.samplesOf(LOOP_HALF_WIDTH);
        long at = transport.position();
        return setLoop(at - half, at + half);
    }

    /** Loops over {@code [from, to)}, clamped to what is buffered. */
    public String setLoop(long from, long to) {
        long avail = transport.available();
        long f = Math.max(0, from);
        long t = Math.min(to, avail);
        if (t <= f) {
            return "no loop: nothing buffered in " + clock(from) + "–" + clock(to);
        }
        transport.setLoop(f, t);
        return "loop " + clock(f) + "–" + clock(t) + (f != from || t != to ? " (clamped to what is buffered)" : "");
    }

    public String clearLoop() {
        transport.clearLoop();
        return "loop cleared";
    }

    public String stop() {
        stop.run();
        return "stopped";
    }

    /** The loop in force, {@code [from, to)}, or null: the transport's answer, not a copy kept here. */
    public long[] loop() {
        LoopRegion l = transport.loop();
        return l == null ? null : new long[] {l.from(), l.to()};
    }

    public Transport transport() {
        return transport;
    }

    public SessionClock clock() {
        return clock;
    }

    /** Data time of sample {@code index} as a UTC clock, HH:mm:ss. */
    public String clock(long index) {
        return clock.clock(index);
    }

    String span(long samples) {
        return StatusText.dataSpan(clock.secondsOf(samples));
    }

    static String trim(double x) {
        String s = String.format(Locale.ROOT, "%.2f", x);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
