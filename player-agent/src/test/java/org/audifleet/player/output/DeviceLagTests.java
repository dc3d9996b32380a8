package org.audifleet.player.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceLagTests {

    private static final OutputFormat FORMAT = OutputFormat.mono(44100, 512);
    private static final long PERIOD_NANOS = FORMAT.nanosOf(512);
    private static final int QUEUED = 4096;

    /** A device that takes audio in chunks of 1024 frames, so its position jitters by two periods. */
    private static long chunked(long playedFrames) {
        return playedFrames / 1024 * 1024;
    }

    @Test
    void aDevicePlayingInChunksStandsStillNever() {
        DeviceLag lag = new DeviceLag(FORMAT);
        for (long p = 0; p < 10_000; p++) {
            assertThat(lag.after(p * PERIOD_NANOS, chunked(p * 512), QUEUED)).isZero();
        }
    }

    @Test
    void aStandStillLongerThanTheQueueIsCountedWholeOnceTheDevicePlaysAtPaceAgain() {
        DeviceLag lag = new DeviceLag(FORMAT);
        long now = 0;
        long played = 0;
        for (int p = 0; p < 100; p++, now += PERIOD_NANOS, played += 512) {
            assertThat(lag.after(now, chunked(played), QUEUED)).isZero();
        }
        // The device stops for 1.8 s across two writes, the first of which still sees a chunk taken.
        long stall = 1_800_000_000L;
        assertThat(lag.after(now + stall / 2, chunked(played), QUEUED)).isZero();
        now += stall;
        List<Long> stoodStill = new ArrayList<>();
        for (int p = 0; p < 100; p++, now += PERIOD_NANOS, played += 512) {
            long s = lag.after(now, chunked(played), QUEUED);
            if (s != 0) {
                stoodStill.add(s);
            }
        }
        assertThat(stoodStill).hasSize(1);
        assertThat(stoodStill.get(0)).isBetween(stall - 2 * PERIOD_NANOS, stall + 2 * PERIOD_NANOS);
    }

    @Test
    void aStandStillWithinTheQueueIsJitter() {
        DeviceLag lag = new DeviceLag(FORMAT);
        lag.after(0, 0, QUEUED);
        lag.after(PERIOD_NANOS, 512, QUEUED);
        assertThat(lag.after(PERIOD_NANOS + FORMAT.nanosOf(QUEUED) - 1_000_000, 1024, QUEUED)).isZero();
    }

    @Test
    void aDeviceClock50PpmSlowForAnHourIsNotAStandStill() {
        DeviceLag lag = new DeviceLag(FORMAT);
        long periods = 3600L * 44100 / 512;
        for (long p = 0; p < periods; p++) {
            long played = (long) (p * 512 * (1 - 50e-6));
            assertThat(lag.after(p * PERIOD_NANOS, chunked(played), QUEUED)).isZero();
        }
    }

    @Test
    void aRestartForgetsTheLagBefore() {
        DeviceLag lag = new DeviceLag(FORMAT);
        lag.after(0, 0, QUEUED);
        lag.restart();
        // a reopened line: the position starts again at 0 two seconds later
        assertThat(lag.after(2_000_000_000L, 0, QUEUED)).isZero();
        assertThat(lag.after(2_000_000_000L + PERIOD_NANOS, 512, QUEUED)).isZero();
    }
}
