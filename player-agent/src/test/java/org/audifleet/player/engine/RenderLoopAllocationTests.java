package org.audifleet.player.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.audifleet.player.output.AudioOutput;
import org.audifleet.player.output.OutputFormat;
import org.audifleet.signal.Detrend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The render thread allocates nothing once running, through every control path (speed, volume, seek, loop, pause,
 * underrun, the sound filters, changes scheduled at a frame, the rate correction). Measured with the JVM's per-thread allocation counter while the render thread is held inside the sink.
 * At 441x (steps 0.3 to 15, the session itself) and at 10,000x (steps 6.8 to 340: the speeds walk through every
 * decimated level, and the speed ramps switch levels frame by frame).
 */
class RenderLoopAllocationTests {

    private static final int WARM_UP_PERIODS = 12_000;
    private static final int MEASURED_PERIODS = 2000;
    private static final int WINDOWS = 3;

    /** A device-like sink that stops the render thread at two chosen periods until the test lets it go. */
    private static final class CheckpointSink implements AudioOutput {
        private volatile int periods;
        private volatile int heldAt;
        private volatile int releasedAt;
        private float sink;

        @Override
        public void configure(OutputFormat format) {
        }

        @Override
        public void process(float[] period, int frames) {
            sink += period[frames - 1];
            int n = periods + 1;
            periods = n;
            if (n >= WARM_UP_PERIODS && (n - WARM_UP_PERIODS) % MEASURED_PERIODS == 0
                    && n <= WARM_UP_PERIODS + WINDOWS * MEASURED_PERIODS) {
                heldAt = n;
                while (releasedAt != n) {
                    Thread.onSpinWait();
                }
            }
        }

        @Override
        public void shutdown() {
        }

        @Override
        public boolean realTime() {
            return true; // so pauses and underruns are rendered as silence, not waited out
        }

        @Override
        public String describe() {
            return "checkpoint";
        }

        void awaitHeldAt(int n) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (heldAt != n) {
                assertThat(System.nanoTime()).as("render thread reached period %d, at %d", n, periods).isLessThan(deadline);
                Thread.sleep(1);
            }
        }
    }

    @ParameterizedTest(name = "base speed {0}x")
    @ValueSource(doubles = {441, 10_000})
    void renderThreadAllocatesNothingAfterWarmUp(double baseSpeed) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);

        int n = 360_000;
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            counts[i] = (int) (1_000_000 * Math.sin(i * 0.05) + 300_000 * Math.sin(i * 0.71));
        }
        SessionBuffer buffer = new SessionBuffer(2L * n); // room left: the session is not complete
        buffer.appendSamples(counts, 0, n); // not ended: seeking near the end underruns
        CheckpointSink sink = new CheckpointSink();
        PlaybackEngine engine = new PlaybackEngine(EngineSettings.defaults(100).withBaseSpeed(baseSpeed), buffer,
                sink);
        engine.setLoop(1000, 300_000);
        engine.setSpeed(1.3);
        engine.start();
        try {
            // Warm-up walks every path several times, so class loading, constant-pool resolution and the JIT's
            // recompilations (each of which briefly runs the render loop in the interpreter) are behind us.
            for (int round = 0; round < 4; round++) {
                exerciseControls(engine, n);
            }
            sink.awaitHeldAt(WARM_UP_PERIODS);
            long tid = engine.renderThread().getId();
            long best = Long.MAX_VALUE;
            StringBuilder windows = new StringBuilder();
            for (int w = 0; w < WINDOWS; w++) {
                int at = WARM_UP_PERIODS + w * MEASURED_PERIODS;
                sink.awaitHeldAt(at);
                long before = threads.getThreadAllocatedBytes(tid);
                sink.releasedAt = at;
                exerciseControls(engine, n);
                sink.awaitHeldAt(at + MEASURED_PERIODS);
                long grew = threads.getThreadAllocatedBytes(tid) - before;
                best = Math.min(best, grew);
                windows.append(w == 0 ? "" : ", ").append(grew);
            }
            sink.releasedAt = WARM_UP_PERIODS + WINDOWS * MEASURED_PERIODS;
            System.out.printf("render thread at %.0fx allocated [%s] bytes in %d windows of %d periods%n", baseSpeed,
                    windows, WINDOWS, MEASURED_PERIODS);
            // Every window exercises every control path, so an allocation in the render loop shows in all of them.
            // The JVM itself was seen to charge a one-off 56 bytes to the thread in ~1 run of 8 (around JIT
            // recompilation of the loop; never with -XX:-UseTLAB), so the best window must be exactly zero.
            assertThat(best).as("bytes allocated by the render thread in its cleanest window").isZero();
        } finally {
            engine.close();
        }
        assertThat(engine.failure()).isNull();
        assertThat(engine.stats().underruns()).isPositive();
    }

    private static void exerciseControls(PlaybackEngine engine, int n) throws InterruptedException {
        double[] speeds = {0.3, 1.0, 2.5, 15, 1.3};
        for (double speed : speeds) {
            engine.setSpeed(speed);
            engine.setVolume(speed > 2 ? 0.5 : 1.5);
            Thread.sleep(2);
        }
        engine.setFullScale(1 << 21);
        engine.seek(50_000);
        Thread.sleep(2);
        engine.pause();
        Thread.sleep(2);
        engine.resume();
        engine.clearLoop();
        engine.seek(n - 600); // runs dry: underrun, silence
        Thread.sleep(3);
        engine.setLoop(1000, 300_000);
        engine.seek(2000);
        Thread.sleep(2);
        // The sound filters: DC removal and the high-pass switched on, retuned and off, normalize off and on.
        engine.setFilters(new SoundFilters(0.02, Detrend.Mode.MEAN, true));
        Thread.sleep(2);
        engine.setFilters(new SoundFilters(0.045, Detrend.Mode.LINEAR, false));
        Thread.sleep(2);
        engine.setFilters(SoundFilters.DEFAULT);
        // Scheduled changes (built here, on the caller's thread) and the rate correction; the playhead read back.
        long at = engine.playhead().frame();
        engine.schedule(at + 300, ScheduledChange.change().speed(2).seek(4000));
        engine.schedule(at + 700, ScheduledChange.change().pause());
        engine.schedule(at + 900, ScheduledChange.change().resume().volume(0.9).loop(new LoopRegion(3000, 200_000)));
        engine.schedule(at + 1400, ScheduledChange.change().clearLoop().speed(1.3));
        engine.setRateCorrection(1.0004);
        Thread.sleep(3);
        engine.setRateCorrection(0.9997);
        engine.schedule(at + 2000, ScheduledChange.change().loop(new LoopRegion(1000, 300_000)));
    }
}
