package org.audifleet.player.engine;

import org.audifleet.signal.Detrend;

/**
 * The session's DC estimate as samples arrive: {@link Detrend}'s running mean and running least-squares line over
 * everything buffered so far (the waveform service's estimate, same class), published after each run as an
 * immutable {@link Line} the render thread reads once a period. Fed by the producer ({@link SessionBuffer}); the
 * render thread never allocates for it.
 */
final class RunningTrend {

    /** The trend at session position p is {@code atZero + slope * p}. */
    record Line(double atZero, double slope) {
        static final Line ZERO = new Line(0, 0);

        double at(double position) {
            return atZero + slope * position;
        }
    }

    private final Detrend mean = new Detrend(Detrend.Mode.MEAN);
    private final Detrend line = new Detrend(Detrend.Mode.LINEAR);
    private volatile Line meanLine = Line.ZERO;
    private volatile Line linearLine = Line.ZERO;

    /** Producer thread: {@code length} samples from session position {@code first}. */
    void observe(long first, int[] samples, int offset, int length) {
        if (length == 0) {
            return;
        }
        mean.observe(first, samples, offset, length);
        line.observe(first, samples, offset, length);
        meanLine = new Line(mean.trendAt(0), 0);
        linearLine = new Line(line.trendAt(0), line.slope());
    }

    /** Any thread: the line {@code mode} removes (zero for NONE). */
    Line line(Detrend.Mode mode) {
        return switch (mode) {
            case NONE -> Line.ZERO;
            case MEAN -> meanLine;
            case LINEAR -> linearLine;
        };
    }
}
