package org.audifleet.player.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceLagTests {

    private static final OutputFormat FORMAT = OutputFormat.mono(44100, 512);
    private static final long PERIOD_NANOS = FORMAT.nanosOf(512);

    /** A device that takes audio in chunks of 1024 frames, so its position jitters by two periods. */
    private static long chunked(long playedFrames) {
        return playedFrames / 1024 * 1024;
    }

    private static List<Long> episodes(DeviceLag lag, long[] nanos, long[] frames) {
        List<Long> found = new ArrayList<>();
        for (int i = 0; i < nanos.length; i++) {
            long s = lag.after(nanos[i], frames[i]);
            if (s != 0) {
                found.add(s);
            }
        }
        return found;
    }

    @Test
    void aDevicePlayingInChunksStandsStillNever() {
        DeviceLag lag = new DeviceLag(FORMAT);
        for (long p = 0; p < 10_000; p++) {
            assertThat(lag.after(p * PERIOD_NANOS, chunked(p * 512))).isZero();
        }
    }

    @Test
    void aStandStillIsCountedWholeOnceTheDevicePlaysAtPaceAgain() {
        DeviceLag lag = new DeviceLag(FORMAT);
        long now = 0;
        long played = 0;
        for (int p = 0; p < 100; p++, now += PERIOD_NANOS, played += 512) {
            assertThat(lag.after(now, chunked(played))).isZero();
        }
        // The device stops for 1.8 s across two writes, the first of which still sees a chunk taken.
        long stall = 1_800_000_000L;
        assertThat(lag.after(now + stall / 2, chunked(played))).isZero();
        now += stall;
        List<Long> stoodStill = new ArrayList<>();
        for (int p = 0; p < 100; p++, now += PERIOD_NANOS, played += 512) {
            long s = lag.after(now, chunked(played));
            if (s != 0) {
                stoodStill.add(s);
            }
        }
        assertThat(stoodStill).hasSize(1);
        assertThat(stoodStill.get(0)).isBetween(stall - 2 * PERIOD_NANOS, stall + 2 * PERIOD_NANOS);
    }

    /**
     * The shape {@code bin/demo} counted as a 93 ms dropout no recording showed: the server takes a whole line
     * buffer (4096 frames) at once and plays it out while the position stands still. The lag dips and comes back
     * to where it was; nothing was heard.
     */
    @Test
    void aServerTakingALineBufferAheadIsNotADropout() {
        DeviceLag lag = new DeviceLag(FORMAT);
        int n = 400;
        long[] nanos = new long[n];
        long[] frames = new long[n];
        for (int p = 0; p < n; p++) {
            nanos[p] = p * PERIOD_NANOS;
            long due = p * 512L;
            // from period 100 on, the server holds 4096 frames ahead of its play head, taken in one go
            long ahead = (100 * 512L + 4096) + (due - 100 * 512L) / 4096 * 4096;
            frames[p] = p < 100 ? chunked(due) : Math.max(chunked(due), ahead);
        }
        assertThat(episodes(lag, nanos, frames)).isEmpty();
    }

    /**
     * Measured on the null sink (stall test, line of 8192 frames): the server takes 1824 frames every 46 ms; once
     * it came 80 ms after the last (the lag rose 39 ms), then took 3648 at once and the lag was back. The recording
     * showed nothing: the server had played from what it held ahead.
     */
    @Test
    void aChunkTakenLateAndCaughtUpIsNotADropout() {
        DeviceLag lag = new DeviceLag(FORMAT);
        long chunk = 1824;
        long chunkNanos = FORMAT.nanosOf(chunk);
        long now = 0;
        long played = 0;
        for (int i = 0; i < 200; i++) {
            if (i == 100) {
                now += chunkNanos + 34_000_000L; // late
                played += chunk;
                assertThat(lag.after(now, played)).isZero();
                now += chunkNanos - 34_000_000L;
                played += 2 * chunk; // two at once: on time again
                assertThat(lag.after(now, played)).isZero();
                continue;
            }
            now += chunkNanos;
            played += chunk;
            assertThat(lag.after(now, played)).as("update %d", i).isZero();
        }
    }

    /** The first update fell just after the device took a 2048-frame chunk: the lag's ceiling is 46 ms above it. */
    @Test
    void aStartBelowTheCeilingIsNotADropout() {
        DeviceLag lag = new DeviceLag(FORMAT);
        for (long p = 0; p < 2000; p++) {
            // chunks of 2048 frames, the first update right after one was taken
            long played = (p * 512 + 2048) / 2048 * 2048;
            assertThat(lag.after(p * PERIOD_NANOS, played)).as("period %d", p).isZero();
        }
    }

    @Test
    void aRiseWithinTwoPeriodsIsJitter() {
        DeviceLag lag = new DeviceLag(FORMAT);
        lag.after(0, 0);
        lag.after(PERIOD_NANOS, 512);
        assertThat(lag.after(3 * PERIOD_NANOS + PERIOD_NANOS / 2, 1024)).isZero();
        assertThat(lag.after(5 * PERIOD_NANOS, 2048)).isZero();
    }

    @Test
    void riseNowSaysWhetherTheListenerHearsSilenceWithoutCountingIt() {
        DeviceLag lag = new DeviceLag(FORMAT);
        for (int p = 0; p < 10; p++) {
            lag.after(p * PERIOD_NANOS, p * 512L);
        }
        long late = 9 * PERIOD_NANOS + 100_000_000L;
        assertThat(lag.riseNow(late, 9 * 512L)).isGreaterThan(lag.toleranceNanos());
        assertThat(lag.riseNow(10 * PERIOD_NANOS, 10 * 512L)).isLessThanOrEqualTo(lag.toleranceNanos());
        assertThat(lag.after(10 * PERIOD_NANOS, 10 * 512L)).isZero();
    }

    @Test
    void aDeviceClock50PpmSlowOrFastForAnHourIsNotAStandStill() {
        for (double ppm : new double[] {50e-6, -50e-6}) {
            DeviceLag lag = new DeviceLag(FORMAT);
            long periods = 3600L * 44100 / 512;
            for (long p = 0; p < periods; p++) {
                long played = (long) (p * 512 * (1 - ppm));
                assertThat(lag.after(p * PERIOD_NANOS, chunked(played))).isZero();
            }
        }
    }

    @Test
    void aDeviceClockFastForAnHourStillShowsADropout() {
        DeviceLag lag = new DeviceLag(FORMAT);
        long periods = 3600L * 44100 / 512;
        long late = 0;
        List<Long> found = new ArrayList<>();
        for (long p = 0; p < periods; p++) {
            if (p == periods - 100) {
                late = 200_000_000L; // 200 ms of silence near the end
            }
            long played = (long) (p * 512 * (1 + 50e-6));
            long s = lag.after(p * PERIOD_NANOS + late, chunked(played));
            if (s != 0) {
                found.add(s);
            }
        }
        assertThat(found).hasSize(1);
        assertThat(found.get(0)).isBetween(200_000_000L - 3 * PERIOD_NANOS, 200_000_000L + 2 * PERIOD_NANOS);
    }

    @Test
    void aRestartForgetsTheLagBefore() {
        DeviceLag lag = new DeviceLag(FORMAT);
        lag.after(0, 0);
        lag.restart();
        // a reopened line: the position starts again at 0 two seconds later
        assertThat(lag.after(2_000_000_000L, 0)).isZero();
        assertThat(lag.after(2_000_000_000L + PERIOD_NANOS, 512)).isZero();
    }
}
