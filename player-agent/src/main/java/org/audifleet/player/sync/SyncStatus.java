package org.audifleet.player.sync;

/**
 * How well one station follows its group, for metrics, announcements and {@code control --group status}.
 *
 * @param offsetNanos fleet minus station clock, ns
 * @param uncertaintyNanos the offset's uncertainty, ns
 * @param driftPpm the station clock's drift against the fleet's
 * @param playoutErrorNanos where this station's output is minus where the group's timeline is at the same fleet
 *     instant, ns of output (positive: ahead); 0 before the first measurement
 * @param correctionPpm the rate correction steering the output now
 * @param resyncs hard resyncs so far (errors past the servo's threshold)
 * @param deviceLatencyNanos frames handed to the output but not yet heard, as time, ns
 */
public record SyncStatus(long offsetNanos, long uncertaintyNanos, double driftPpm, long playoutErrorNanos,
        double correctionPpm, int resyncs, long deviceLatencyNanos) {

    public static final SyncStatus NONE = new SyncStatus(0, Long.MAX_VALUE, 0, 0, 0, 0, 0);
}
