package org.audifleet.player.sync;

/**
 * How an {@link OffsetEstimator} filters its samples.
 *
 * @param window samples kept (the newest); the offset and drift are fitted over them
 * @param lowestDelayFraction the share of the window, by lowest delay, that the fit uses (minimum-delay filtering)
 * @param stepThresholdNanos a sample further than this (plus half its delay above the window's lowest) from the
 *     prediction is inconsistent
 * @param stepConfirmations that many inconsistent samples in a row are a clock step: the window starts again from them
 * @param resolutionNanos the reference's timestamp resolution (1 ms for Kafka record timestamps), added to the
 *     uncertainty as a uniform quantisation error
 */
record EstimatorSettings(int window, double lowestDelayFraction, long stepThresholdNanos, int stepConfirmations,
        long resolutionNanos) {

    /**
     * Exchanges with a µs-stamping time service, ten a second ({@link TimeServiceClock.Schedule#DEFAULT}): 102 s of
     * window, its quickest eighth fitted (128 exchanges), a 2 ms step threshold confirmed three times.
     */
    static final EstimatorSettings EXCHANGES = new EstimatorSettings(1024, 0.125, 2_000_000, 3, 1_000);

    /**
     * Kafka record timestamps (LogAppendTime, 1 ms) ten a second: 102 s of window, its upper half fitted (a
     * millisecond stamp needs many samples to average its quantisation out); a 30 ms threshold and five
     * confirmations, because a broker's GC pause (young GCs of ~23 ms, player-agent/SYNC.md) delays several
     * records alike.
     */
    static final EstimatorSettings RECORD_TIMESTAMPS = new EstimatorSettings(1024, 0.5, 30_000_000, 5, 1_000_000);

    EstimatorSettings {
        if (window < 8) {
            throw new IllegalArgumentException("window must hold at least 8 samples: " + window);
        }
        if (!(lowestDelayFraction > 0 && lowestDelayFraction <= 1)) {
            throw new IllegalArgumentException("lowestDelayFraction must be in (0, 1]: " + lowestDelayFraction);
        }
        if (stepThresholdNanos <= 0 || stepConfirmations < 1 || stepConfirmations > window) {
            throw new IllegalArgumentException("step threshold must be positive and confirmations in 1.." + window);
        }
        if (resolutionNanos < 0) {
            throw new IllegalArgumentException("resolution must not be negative: " + resolutionNanos);
        }
    }
}
