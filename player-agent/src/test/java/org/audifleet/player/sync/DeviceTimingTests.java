package org.audifleet.player.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link DeviceTiming} on readings as the null sink gives them (SYNC.md, "Device latency"): the server takes 820
 * frames at a time, each take's moment the device's timeline; a write, and the reading after it, comes up to 2 ms
 * after a take (the render thread looks for room every 2 ms, {@code output/JavaSoundOutput.awaitRoom}).
 */
class DeviceTimingTests {

    private static final double NOMINAL = 44_100;
    private static final int CHUNK = 820;

    /** Feeds {@code seconds} of readings of a device taking chunks at {@code rate} frames per monotonic second. */
    private static void feed(DeviceTiming timing, double rate, double seconds, long seed) {
        Random random = new Random(seed);
        long taken = 0;
        long written = 4096;
        for (double t = 0; t < seconds; t += CHUNK / rate) {
            taken += CHUNK;
            long at = Math.round((t + random.nextDouble() * 0.002) * 1e9);
            written += CHUNK;
            timing.add(1_000_000_000L + at, written, taken);
            timing.fit();
        }
    }

    @Test
    void aDeviceFiftyPpmSlowIsFittedToAFewPpmAndItsTakesToTensOfMicroseconds() {
        double rate = NOMINAL * (1 - 51e-6); // faketime's 51 ppm fast monotonic clock, as the station sees its device
        DeviceTiming timing = new DeviceTiming(NOMINAL, 0);
        feed(timing, rate, 10, 1);
        double ppm = (timing.rate() / rate - 1) * 1e6;
        // The true take moment of frame f is 1 s + f / rate: the model's play head there, against f.
        long probe = 1_000_000_000L + Math.round(9.9 * 1e9);
        double headError = (timing.playedAt(probe) - (CHUNK + rate * 9.9)) / rate * 1e6;
        System.out.printf("device timing, 51 ppm slow device, 10 s of readings: rate off by %.1f ppm, play head off"
                + " by %.1f µs%n", ppm, headError);
        assertThat(Math.abs(ppm)).isLessThan(10);
        assertThat(Math.abs(headError)).isLessThan(100);
    }

    @Test
    void aFitFurtherOffThanTheServoSteersIsNotTakenForTheDevicesRate() {
        DeviceTiming timing = new DeviceTiming(NOMINAL, 0);
        feed(timing, NOMINAL * 1.005, 6, 2);
        assertThat(timing.ready()).isTrue();
        assertThat(timing.rate()).isEqualTo(NOMINAL);
        DeviceTiming near = new DeviceTiming(NOMINAL, 0);
        feed(near, NOMINAL * (1 + DeviceTiming.MAX_DRIFT_PPM * 0.8e-6), 6, 3);
        assertThat(near.rate()).isNotEqualTo(NOMINAL);
    }
}
