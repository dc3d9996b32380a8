package org.audifleet.signal;

/**
 * Removes the mean or a least-squares line from a trace, estimated over everything observed so far.
 *
 * <p>Why "so far" rather than per block: a per-block estimate puts a step at every block edge (blocks are
 * a few seconds long, seismic drift is minutes to hours), and a whole-session estimate is only known once the
 * last chunk is decoded, which would hold back the first pixels. The running estimate needs five sums of
 * state, never rewrites a bucket already published, and converges on the whole-session fit; early blocks see a
 * rougher estimate, which is what a viewer of a still-decoding session sees anyway. The offline CLI, which
 * has the whole trace, observes everything first and then {@link #freeze() freezes} the estimate, so it
 * removes the exact whole-session mean or line.
 *
 * <p>Positions are sample indices from the session start, gaps included, so the line is fitted in data time.
 */
public final class Detrend {

    public enum Mode { NONE, MEAN, LINEAR }

    private final Mode mode;
    private boolean frozen;
    private long n;
    // Sums over observed samples of t, t^2, x, t*x, with t relative to the first observed position so the
    // products stay well inside double precision for day-long sessions.
    private long origin = -1;
    private double sumT;
    private double sumTT;
    private double sumX;
    private double sumTX;
    private double intercept;
    private double slope;

    public Detrend(Mode mode) {
        this.mode = mode;
    }

    public Mode mode() {
        return mode;
    }

    /** Adds {@code length} samples starting at session position {@code firstPosition} to the estimate. */
    public void observe(long firstPosition, int[] samples, int offset, int length) {
        if (mode == Mode.NONE || frozen || length == 0) {
            return;
        }
        if (origin < 0) {
            origin = firstPosition;
        }
        double t = firstPosition - origin;
        double st = 0;
        double stt = 0;
        double sx = 0;
        double stx = 0;
        for (int i = 0; i < length; i++, t++) {
            double x = samples[offset + i];
            st += t;
            stt += t * t;
            sx += x;
            stx += t * x;
        }
        n += length;
        sumT += st;
        sumTT += stt;
        sumX += sx;
        sumTX += stx;
        refit();
    }

    private void refit() {
        double mean = sumX / n;
        if (mode == Mode.LINEAR && n > 1) {
            double denom = n * sumTT - sumT * sumT;
            slope = denom > 0 ? (n * sumTX - sumT * sumX) / denom : 0;
            intercept = (sumX - slope * sumT) / n;
        } else {
            slope = 0;
            intercept = mean;
        }
    }

    /** Stops updating: later blocks are detrended with the estimate as it stands. */
    public void freeze() {
        frozen = true;
    }

    /** The trend value to subtract at a session position (0 before anything was observed). */
    public double trendAt(long position) {
        if (mode == Mode.NONE || n == 0) {
            return 0;
        }
        return intercept + slope * (position - origin);
    }

    /** Counts per sample of the fitted line (0 for MEAN). */
    public double slope() {
        return slope;
    }
}
