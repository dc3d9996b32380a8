package org.audifleet.player.engine;

import org.audifleet.signal.Detrend;

/**
 * What the sound path does to the counts before volume: DC removal ({@link Detrend}'s running mean or line), a
 * Butterworth high-pass at {@code highPassHz} of data frequency (0 = off; the waveform service's corners are
 * {@link org.audifleet.signal.HighPassFilter#CORNERS_HZ}), and whether the session's peak sets full scale.
 *
 * @param normalize true: the loudest count so far plays near full scale (the session's peak with headroom);
 *                  false: {@link PlaybackEngine#DEFAULT_FULL_SCALE} counts do, so quiet data sounds quiet
 */
public record SoundFilters(double highPassHz, Detrend.Mode dc, boolean normalize) {

    /** The highest corner a station accepts, Hz of data frequency: well below any stream's Nyquist rate of 0.5 Hz+. */
    public static final double MAX_HIGH_PASS_HZ = 10;

    /** As a session starts: nothing removed, normalized (what the station played before there were filters). */
    public static final SoundFilters DEFAULT = new SoundFilters(0, Detrend.Mode.NONE, true);

    public SoundFilters {
        if (!(highPassHz >= 0 && highPassHz <= MAX_HIGH_PASS_HZ)) {
            throw new IllegalArgumentException("high-pass corner " + highPassHz + " Hz is outside 0 (off).."
                    + MAX_HIGH_PASS_HZ);
        }
        if (dc == null) {
            throw new IllegalArgumentException("DC removal mode is null");
        }
    }

    public SoundFilters withHighPass(double hz) {
        return new SoundFilters(hz, dc, normalize);
    }

    public SoundFilters withDc(Detrend.Mode mode) {
        return new SoundFilters(highPassHz, mode, normalize);
    }

    public SoundFilters withNormalize(boolean on) {
        return new SoundFilters(highPassHz, dc, on);
    }
}
