package org.audifleet.player.sync;

/**
 * When a device plays each output frame, learnt from its readings after each write ({@code output/PlayoutReadings}:
 * time, frames written, frames played). The reported position is what the sound server has <em>taken</em>, and it moves
 * in the server's chunks ({@code output/DeviceLag}): it jumps a chunk ahead when the server asks for more and then
 * stands still. Each reading's time is taken after its position, and a late answer (the client's or the server's thread
 * preempted: this machine's load) only makes a reading lower, never higher, so the device's timeline is the readings'
 * upper envelope: the highest of how far each lies from a line at the device's rate, over the last
 * {@value #ENVELOPE_NANOS} ns, the moment of a jump (the write, waiting for room, comes just after one). (The lower
 * envelope, the moment before the next request, was tried first: on the null sink at load 40 it followed every late
 * request, and the two stations disagreed by 2-5 ms; then the 90th percentile, while the time was read before the
 * position, which a preempted read put ahead: where the percentile fell in the 18.6 ms staircase differed by station,
 * and two stations stood 0.3-1.8 ms apart.) The rate is the nominal one (frames per second of
 * {@code System.nanoTime()}) until the readings span {@value #RATE_SPAN_NANOS} ns, then the envelope's own slope (under
 * faketime the monotonic clock runs fast, so the device looks slow). The frame <em>heard</em> lags the play envelope by
 * what lies between it and the ear ({@code serverLatencyNanos}: the chunk the server took ahead and its own latency;
 * SYNC.md, "Device latency"). Several readings in a row far off the line are a new device timeline (a dropout, a
 * reopened line): the window restarts from them. Plain Java, one thread.
 */
final class DeviceTiming {

    /** Readings kept: about 47 s of 512-frame writes. */
    static final int WINDOW = 4096;
    /**
     * The play head is the upper envelope of this much of the newest readings; a third of it while the rate is the
     * nominal one (a monotonic clock 50 ppm fast tilts 3 s of readings by 6.6 frames).
     */
    static final long ENVELOPE_NANOS = 3_000_000_000L;
    /** Readings this long give the rate from their envelope (to about 20 ppm), better than the nominal one. */
    static final long RATE_SPAN_NANOS = 4_000_000_000L;
    /** The envelope's slope is fitted through the highest reading of each bin this long. */
    static final long BIN_NANOS = 250_000_000L;
    /** The fit is used once its readings span this long. */
    static final long MIN_SPAN_NANOS = 500_000_000L;
    /**
     * A reading further than this from the line is held back; that many in a row restart the window. Above a
     * server's chunk (the null sink's moved by about 820 frames, 18.6 ms), so only the device losing or gaining time
     * (a dropout; the position jumping ahead after one) restarts it.
     */
    static final double STEP_FRAMES = 1500;
    static final int STEP_CONFIRMATIONS = 3;
    /**
     * A fitted rate further than this from the nominal one is not the device's, and the nominal rate is kept: in one
     * run of fleet-tests' GroupSyncIntegrationTests a station's line was reopened (its position 1.04 s ahead), the
     * window restarted, and the new line's first half second, its position rising 122 ms more as the server filled
     * up, fitted 44,536 frames/s (+1 %); the station rejoined 6 times in 2 s. As far as the servo steers
     * ({@code ServoSettings.DEFAULT}): a device further off could not be followed anyway.
     */
    static final double MAX_DRIFT_PPM = 500;

    private final double nominalRate;
    private final long serverLatencyNanos;
    private final long[] nanos = new long[WINDOW];
    private final double[] played = new double[WINDOW];
    private final double[] queued = new double[WINDOW];
    private int count;
    private int next;
    private long lastNanos = Long.MIN_VALUE;
    private int offLine;
    private int restarts;
    // The fit: the play head at t is headAtRef + rate × (t - ref) / 1e9
    private long ref;
    private double headAtRef;
    private double rate;
    private boolean fitted;

    /**
     * @param nominalRate the output's frames per second (44,100): the rate until the window is long enough to fit
     * @param serverLatencyNanos from the envelope to the ear: the chunk taken ahead, the server's own latency
     */
    DeviceTiming(double nominalRate, long serverLatencyNanos) {
        this.nominalRate = nominalRate;
        this.serverLatencyNanos = serverLatencyNanos;
        this.rate = nominalRate;
    }

    /** One reading; repeats (no write since) are ignored. Call {@link #fit} after a batch. */
    void add(long atNanos, long framesWritten, long framesPlayed) {
        if (atNanos <= lastNanos) {
            return;
        }
        lastNanos = atNanos;
        if (fitted) {
            double off = framesPlayed - playedAt(atNanos);
            if (off < -STEP_FRAMES || off > STEP_FRAMES) {
                if (++offLine < STEP_CONFIRMATIONS) {
                    return;
                }
                count = 0; // a new timeline: the device lost or gained time
                next = 0;
                fitted = false;
                rate = nominalRate;
                restarts++;
            }
        }
        offLine = 0;
        nanos[next] = atNanos;
        played[next] = framesPlayed;
        queued[next] = framesWritten - framesPlayed;
        next = (next + 1) % WINDOW;
        count = Math.min(count + 1, WINDOW);
    }

    /** Fits the rate and the play head to the readings so far. */
    void fit() {
        if (count < 5) {
            return;
        }
        int first = (next - count + WINDOW) % WINDOW;
        int newest = (next - 1 + WINDOW) % WINDOW;
        long t0 = nanos[first];
        long span = nanos[newest] - t0;
        if (span < MIN_SPAN_NANOS) {
            return;
        }
        double slope = nominalRate;
        if (span >= RATE_SPAN_NANOS) {
            slope = nominalRate + envelopeSlope(first, t0);
        }
        long tRef = nanos[newest];
        double top = Double.NEGATIVE_INFINITY;
        for (int k = count - 1; k >= 0; k--) {
            int i = (first + k) % WINDOW;
            if (tRef - nanos[i] > (span >= RATE_SPAN_NANOS ? ENVELOPE_NANOS : ENVELOPE_NANOS / 3)) {
                break;
            }
            top = Math.max(top, played[i] - slope * ((nanos[i] - tRef) / 1e9));
        }
        ref = tRef;
        rate = slope;
        headAtRef = top;
        fitted = true;
    }

    /**
     * The upper envelope's slope against the nominal rate, frames per second: the highest reading of each
     * {@value #BIN_NANOS} ns, a least-squares line through them. The envelope, not all readings: each reading sits
     * up to a chunk below the jump before it, the highest of a bin (a dozen jumps) within a little of one.
     */
    private double envelopeSlope(int first, long t0) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int bins = 0;
        long binEnd = t0 + BIN_NANOS;
        double high = Double.NEGATIVE_INFINITY;
        double highAt = 0;
        for (int k = 0; k <= count; k++) {
            int i = (first + k) % WINDOW;
            boolean end = k == count || nanos[i] >= binEnd;
            if (end && high > Double.NEGATIVE_INFINITY) {
                sx += highAt;
                sy += high;
                sxx += highAt * highAt;
                sxy += highAt * high;
                bins++;
                high = Double.NEGATIVE_INFINITY;
            }
            if (k == count) {
                break;
            }
            while (nanos[i] >= binEnd) {
                binEnd += BIN_NANOS;
            }
            double x = (nanos[i] - t0) / 1e9;
            double y = played[i] - nominalRate * x;
            if (y > high) {
                high = y;
                highAt = x;
            }
        }
        if (bins < 4) {
            return 0;
        }
        double slope = (bins * sxy - sx * sy) / (bins * sxx - sx * sx);
        return Math.abs(slope) <= MAX_DRIFT_PPM * 1e-6 * nominalRate ? slope : 0;
    }

    boolean ready() {
        return fitted;
    }

    /** Where the device's play head is at {@code atNanos} (fractional frames). */
    double playedAt(long atNanos) {
        return headAtRef + rate * ((atNanos - ref) / 1e9);
    }

    /** The output frame heard at {@code atNanos}: the play head less what the server holds after it. */
    double heardFrameAt(long atNanos) {
        return playedAt(atNanos - serverLatencyNanos);
    }

    /** When output frame {@code frame} is heard, {@code System.nanoTime()} scale. */
    long heardAt(double frame) {
        return ref + Math.round((frame - headAtRef) / rate * 1e9) + serverLatencyNanos;
    }

    /** Frames per second of the monotonic clock, as fitted. */
    double rate() {
        return rate;
    }

    /** Written but not yet heard, as time: the line buffer, what the server took ahead, and its own latency. */
    long latencyNanos() {
        if (count == 0) {
            return 0;
        }
        double sum = 0;
        for (int k = 0; k < count; k++) {
            sum += queued[k];
        }
        return Math.round(sum / count / rate * 1e9) + serverLatencyNanos;
    }

    /** Times the device's timeline jumped (the window restarted). */
    int restarts() {
        return restarts;
    }
}
