package org.audifleet.player.engine;

/**
 * What the {@link Resampler} reads: one rate of a session's samples, the session itself ({@link SessionBuffer}) or
 * a decimated copy of it ({@link DecimatedLevel}), addressed from the session start.
 */
interface SampleSource {

    /** Sample {@code index} as a count, or 0 outside {@code [0, limit)}; {@code limit} is a value of available(). */
    double value(long index, long limit);

    /** Samples readable so far: valid indices are {@code [0, available())}. */
    long available();
}
