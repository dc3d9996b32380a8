package org.audifleet.player.engine;

import org.audifleet.signal.HighPassFilter;

/**
 * The render thread's side of {@link SoundFilters}: DC removal per voice ({@link #trendAt}) and the high-pass on the
 * mixed signal ({@link #next}), causal and allocation-free. Why on the render side rather than as blocks arrive:
 * the session buffer then stays the counts as recorded (decimated levels, seeks and loops read it unchanged), and a
 * switch costs nothing but a ramp, where filtered copies would cost a copy of the session per setting.
 *
 * <p>The high-pass is the waveform service's {@link HighPassFilter} run at the output rate with its corner scaled by
 * the step (source samples per frame): {@code cornerHz * step / sourceRate} cycles per frame is the same corner in
 * data time, exactly at any speed because the design pre-warps the corner. It runs whether or not it is heard, so
 * switching it on crossfades into a settled filter; on, off and the DC removal ramp over {@value #RAMP_MS} ms, as
 * the engine's other controls do. A new corner is tuned frame by frame along a ramp of the same length.
 */
final class SoundFilter {

    static final int RAMP_MS = 20;
    /** Where the high-pass sits while it is off, so that switching it on meets a settled state. */
    private static final double IDLE_CORNER_HZ = 0.02;

    private final HighPassFilter highPass = new HighPassFilter(IDLE_CORNER_HZ, 100);
    /** 0: the high-pass is not heard; 1: only it is. */
    private final Ramp wet;
    /** The corner, Hz of data frequency, ramped between settings. */
    private final Ramp corner;
    /** 0: the previous trend line is removed; 1: the current one is. */
    private final Ramp blend;
    private double prevAt;
    private double prevSlope;
    private double curAt;
    private double curSlope;
    private RunningTrend.Line appliedLine;
    private double appliedCorner = Double.NaN;
    private double tunedFor = Double.NaN;

    SoundFilter(int deviceRate) {
        int frames = Math.max(1, deviceRate * RAMP_MS / 1000);
        wet = new Ramp(frames);
        corner = new Ramp(frames);
        blend = new Ramp(frames);
        corner.moveTo(IDLE_CORNER_HZ, true);
        blend.moveTo(1, true);
    }

    /** Once a period: the settings and the trend line to head for; {@code jump} before the first audio. */
    void period(SoundFilters filters, RunningTrend.Line line, boolean jump) {
        if (line != appliedLine) {
            // Start from wherever the removed line is now (mid-ramp too), so a new estimate never steps.
            double w = blend.value();
            prevAt += (curAt - prevAt) * w;
            prevSlope += (curSlope - prevSlope) * w;
            curAt = line.atZero();
            curSlope = line.slope();
            appliedLine = line;
            blend.moveTo(0, true);
            blend.moveTo(1, jump);
        }
        double hz = filters.highPassHz();
        if (hz != appliedCorner) {
            appliedCorner = hz;
            wet.moveTo(hz > 0 ? 1 : 0, jump);
            if (hz > 0) {
                corner.moveTo(hz, jump || wet.value() == 0);
            }
        }
    }

    /** The trend to subtract at session position {@code position} this frame (after {@link #advance}). */
    double trendAt(double position) {
        double w = blend.value();
        return prevAt + (curAt - prevAt) * w + (prevSlope + (curSlope - prevSlope) * w) * position;
    }

    /** Moves the ramps one frame; call once per frame before {@link #trendAt} and {@link #next}. */
    void advance() {
        blend.next();
        wet.next();
    }

    /** The DC-removed value {@code x} through the high-pass, as much of it as is heard. */
    double next(double x, double step, double sourceRate) {
        double hz = corner.next();
        double cycles = hz * step / sourceRate;
        if (cycles != tunedFor) {
            highPass.tune(cycles);
            tunedFor = cycles;
        }
        double y = highPass.next(x);
        double w = wet.value();
        return w == 0 ? x : x + (y - x) * w; // off: the counts exactly (a file at 1x stays bit-exact)
    }

    /** Forgets the high-pass state (after a cut from silence): the next value primes it. */
    void reset() {
        highPass.reset();
    }
}
