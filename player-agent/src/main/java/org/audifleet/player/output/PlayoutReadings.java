package org.audifleet.player.output;

/**
 * What a device output says after each write: when ({@code System.nanoTime()}), how many frames it has been given,
 * and how many the device reports played. The render thread publishes (plain arithmetic, a sequence lock: no
 * allocation, no lock); any other thread reads one consistent triple ({@link #latest}), e.g. to learn when a frame
 * is heard (sync/DeviceTiming).
 */
public final class PlayoutReadings {

    /** For outputs that have no device behind them: never publishes. */
    public static final PlayoutReadings NONE = new PlayoutReadings();

    private volatile long seq;
    private volatile long nanos;
    private volatile long written;
    private volatile long played;

    /** One writer thread only (the render thread). */
    public void publish(long atNanos, long framesWritten, long framesPlayed) {
        seq = seq + 1; // odd: being written
        nanos = atNanos;
        written = framesWritten;
        played = framesPlayed;
        seq = seq + 1;
    }

    /** The latest triple, or null before the first; any thread. */
    public PlayoutReading latest() {
        while (true) {
            long s = seq;
            if (s == 0) {
                return null;
            }
            if ((s & 1) == 0) {
                PlayoutReading r = new PlayoutReading(nanos, written, played);
                if (seq == s) {
                    return r;
                }
            }
            Thread.onSpinWait();
        }
    }

    /**
     * @param nanos {@code System.nanoTime()} when the device was asked
     * @param written frames the output had been given by then
     * @param played frames the device reported played (taken by the sound server), never more than written
     */
    public record PlayoutReading(long nanos, long written, long played) {
    }
}
