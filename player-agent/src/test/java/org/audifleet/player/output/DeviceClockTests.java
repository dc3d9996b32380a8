package org.audifleet.player.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one pacing model: a device holding one period, its clock started by the first write. */
class DeviceClockTests {

    private static final OutputFormat FORMAT = OutputFormat.mono(44100, 512);

    @Test
    void aPeriodIsItsFramesAtTheDeviceRate() {
        DeviceClock clock = new DeviceClock(FORMAT);
        assertThat(clock.periodNanos()).isEqualTo(11_609_977L); // 512 / 44100 s
        assertThat(clock.periodMillis()).isCloseTo(11.61, org.assertj.core.data.Offset.offset(0.005));
    }

    @Test
    void timeBeforeTheFirstWriteGivesNoHeadStart() throws InterruptedException {
        DeviceClock clock = new DeviceClock(FORMAT);
        Thread.sleep(150); // an engine configured long before its first block
        long t0 = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            clock.awaitRoom(512);
        }
        // The tenth write waits for the nine before it (104.5 ms), however long the clock sat idle first; a clock
        // started at construction would have let all ten through at once. A lower bound only: load adds, never takes.
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(9 * clock.periodNanos());
        assertThat(clock.framesWritten()).isEqualTo(5120);
    }

    @Test
    void aPacedNullSinkIsPacedFromItsFirstPeriodNotFromConfigure() throws InterruptedException {
        NullOutput sink = new NullOutput(true);
        sink.configure(FORMAT);
        Thread.sleep(150);
        long t0 = System.nanoTime();
        float[] period = new float[512];
        for (int i = 0; i < 10; i++) {
            sink.process(period, 512);
        }
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(9 * FORMAT.nanosOf(512));
        assertThat(sink.framesWritten()).isEqualTo(5120);
    }
}
