package org.audifleet.player.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.audifleet.player.engine.EngineSettings;
import org.audifleet.player.engine.PlaybackEngine;
import org.audifleet.player.engine.Playhead;
import org.audifleet.player.engine.SessionBuffer;
import org.audifleet.player.output.CaptureOutput;
import org.junit.jupiter.api.Test;

/**
 * A station following its group on simulated time ({@link SimulatedDevice}, {@link SimulatedFleetClock}): its wall
 * clock 137 ms off and 50 ppm fast, its monotonic clock 51 ppm fast (as faketime makes both), the device reporting
 * its position in chunks of 1000 frames and heard 2 ms after it. For every period the engine's playhead (the exact
 * session position of the period's first frame) is compared with the group's timeline at the true instant that
 * frame is heard. Counts equal their index, so the first audible sample also says where the Start landed.
 */
class GroupPlaybackTests {

    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final int CHUNK = 101;
    private static final long LATENCY = 2 * MS;
    /**
     * What the station is told lies between the readings' envelope and the ear, as measured on a real device: the
     * envelope (DeviceTiming's highest reading, a chunk just taken) sits a chunk ahead of the play head, then the
     * latency.
     */
    private static final long COMPENSATION = LATENCY + Math.round(CHUNK * 1e9 / 44_100);

    private record Delivery(long atTrue, GroupControl control) {
    }

    /** One run: the engine's errors against the timeline, in session samples, per period, and what it heard. */
    private static final class Run {
        final SimulatedDevice device;
        final SimulatedFleetClock clock;
        final PlaybackEngine engine;
        final GroupPlayback group;
        final GroupTimeline truth;
        final List<long[]> periods = new ArrayList<>(); // frame, true heard ns, position × 1000
        final List<double[]> errors = new ArrayList<>(); // true heard s, error in µs
        final List<String> notices = new ArrayList<>();
        long firstAudible = -1;
        volatile boolean done;

        Run(double deviceRate, double baseSpeed, int samples, List<Delivery> deliveries, long endTrue,
                double samplesPerSecond) {
            device = new SimulatedDevice(deviceRate, 4096, CHUNK, LATENCY, 51.2);
            clock = new SimulatedFleetClock(device::trueNanos, 137 * MS, 50);
            int[] counts = new int[samples];
            for (int i = 0; i < samples; i++) {
                counts[i] = i;
            }
            SessionBuffer buffer = new SessionBuffer(samples + 1000);
            buffer.appendSamples(counts, 0, samples);
            buffer.endOfSession();
            engine = new PlaybackEngine(EngineSettings.defaults(100).withBaseSpeed(baseSpeed), buffer, device);
            engine.setFullScale(1 << 23);
            group = new GroupPlayback(engine, clock, samples, notices::add, device::monotonicNanos, COMPENSATION);
            truth = new GroupTimeline(samplesPerSecond, samples);
            for (Delivery d : deliveries) {
                truth.add(d.control());
            }
            List<Delivery> pending = new ArrayList<>(deliveries);
            device.tick = () -> {
                for (var it = pending.iterator(); it.hasNext();) {
                    Delivery d = it.next();
                    if (device.trueNanos() >= d.atTrue()) {
                        group.apply(d.control());
                        it.remove();
                    }
                }
                group.step();
                if (device.trueNanos() >= endTrue) {
                    done = true;
                }
            };
            device.onPeriod = (frame, y, n) -> {
                if (done) {
                    return;
                }
                Playhead p = engine.playhead();
                if (p.frame() != frame) {
                    return; // the first period: nothing published yet
                }
                for (int i = 0; i < n && firstAudible < 0; i++) {
                    if (y[i] != 0) {
                        firstAudible = frame + i;
                    }
                }
                double heard = device.heardAtTrue(frame);
                GroupPosition g = truth.at(SimulatedFleetClock.fleetOf(heard));
                if (g.started()) {
                    // µs of output: session samples over the samples one second of output plays
                    errors.add(new double[] {heard / 1e9, (p.position() - g.position()) / (samplesPerSecond * g.speed())
                            * 1e6});
                }
            };
        }

        Run play() throws InterruptedException {
            engine.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!done && System.nanoTime() < deadline && engine.failure() == null) {
                Thread.sleep(5);
            }
            engine.close();
            assertThat(engine.failure()).isNull();
            assertThat(done).as("simulation reached its end").isTrue();
            return this;
        }

        /** |error| in µs over heard instants in [from, to) s, leaving out windows around {@code skip} s. */
        double[] absErrors(double from, double to, double skipHalfWidth, double... skip) {
            return errors.stream().filter(e -> e[0] >= from && e[0] < to)
                    .filter(e -> Arrays.stream(skip).noneMatch(k -> Math.abs(e[0] - k) < skipHalfWidth))
                    .mapToDouble(e -> Math.abs(e[1])).sorted().toArray();
        }
    }

    private static long fleet(double trueSeconds) {
        return SimulatedFleetClock.fleetOf(trueSeconds * S);
    }

    private static double max(double[] a) {
        return a.length == 0 ? Double.NaN : a[a.length - 1];
    }

    private static double pct(double[] a, double p) {
        return a[(int) Math.min(a.length - 1, Math.floor(p * a.length))];
    }

    @Test
    void startPauseResumeSeekAndSpeedLandOnTheFrameHeardAtTheirInstant() throws Exception {
        List<Delivery> d = List.of(
                new Delivery(1750 * MS, new GroupControl.Start(fleet(2.0), 1000)),
                new Delivery(2750 * MS, new GroupControl.Pause(fleet(3.0))),
                new Delivery(3250 * MS, new GroupControl.Resume(fleet(3.5))),
                new Delivery(4250 * MS, new GroupControl.Seek(fleet(4.5), 100_000)),
                new Delivery(5250 * MS, new GroupControl.Speed(fleet(5.5), 1.5)),
                new Delivery(5800 * MS, new GroupControl.Volume(fleet(6.0), 0.8)));
        Run run = new Run(44_100, 441, 400_000, d, 7 * S, 44_100).play();

        double startHeard = run.device.heardAtTrue(run.firstAudible) / 1e9;
        System.out.printf("start heard at %.6f s (asked 2.000000 s): %.1f µs off%n", startHeard,
                (startHeard - 2.0) * 1e6);
        assertThat(Math.abs(startHeard - 2.0)).as("the Start is heard within 4 frames of its instant")
                .isLessThanOrEqualTo(4.0 / 44_100);
        double[] e = run.absErrors(2.0, 7.0, 0.015, 2.0, 3.0, 3.5, 4.5, 5.5, 6.0);
        System.out.printf("controls: |error| over %d periods p50 %.1f max %.1f µs (a frame is 22.7 µs); rejoins %d%n",
                e.length, pct(e, 0.5), max(e), run.group.rejoins());
        // The timing model's own error: its envelope, on a nominal rate until 4 s of readings, moves by a few frames
        // between one control's scheduling and the next (a resume lands 7 frames off its pause, then is steered).
        assertThat(max(e)).as("every period, paused, seeking and at 1.5x, within 8 frames").isLessThan(182);
        assertThat(pct(e, 0.5)).as("half of them within 2 frames").isLessThan(46);
        assertThat(run.group.rejoins()).isZero();
        assertThat(run.group.status().deviceLatencyNanos()).isBetween(80 * MS, 110 * MS);
    }

    @Test
    void aLateJoinerTakesTheGroupsStateAndPlaysOnTheTimeline() throws Exception {
        List<Delivery> d = List.of(
                new Delivery(4000 * MS, new GroupControl.Start(fleet(2.0), 1000)),
                new Delivery(4000 * MS, new GroupControl.Pause(fleet(3.0))),
                new Delivery(4000 * MS, new GroupControl.Resume(fleet(3.5))),
                new Delivery(4000 * MS, new GroupControl.Speed(fleet(3.6), 2)));
        Run run = new Run(44_100, 441, 400_000, d, 6 * S, 44_100).play();
        double[] e = run.absErrors(4.3, 6.0, 0);
        System.out.printf("late joiner: |error| after joining p50 %.1f max %.1f µs; rejoins %d%n", pct(e, 0.5),
                max(e), run.group.rejoins());
        assertThat(run.group.rejoins()).as("one rejoin for the four late controls").isEqualTo(1);
        assertThat(max(e)).as("within 4 frames").isLessThan(91);
    }

    @Test
    void aDeviceFiftyPpmFastIsSteeredOntoTheTimeline() throws Exception {
        // 44.1x base speed: 4410 session samples a second, so a two-minute run needs a short session
        List<Delivery> d = List.of(new Delivery(1750 * MS, new GroupControl.Start(fleet(2.0), 0)));
        Run run = new Run(44_100 * (1 + 50e-6), 44.1, 600_000, d, 122 * S, 4410).play();
        double toMicros = 1;
        double[] early = run.absErrors(2, 12, 0);
        double[] late = run.absErrors(62, 122, 0);
        SyncStatus s = run.group.status();
        System.out.printf("50 ppm fast device: |error| first 10 s max %.1f µs; last 60 s p50 %.1f p99 %.1f max %.1f µs;"
                + " correction %.1f ppm%n", max(early) * toMicros, pct(late, 0.5) * toMicros,
                pct(late, 0.99) * toMicros, max(late) * toMicros, s.correctionPpm());
        assertThat(max(late) * toMicros).as("within 50 µs once steered").isLessThan(50);
        assertThat(s.correctionPpm()).isBetween(-60.0, -40.0);
        assertThat(s.resyncs()).isZero();
    }

    @Test
    void withoutADeviceEachControlAppliesOnceTheStationsClockReachesIt() throws Exception {
        long[] now = {1000 * S};
        SimulatedFleetClock clock = new SimulatedFleetClock(() -> now[0], 137 * MS, 0);
        int samples = 20_000;
        SessionBuffer buffer = new SessionBuffer(samples + 1000);
        buffer.appendSamples(new int[samples], 0, samples);
        buffer.endOfSession();
        CaptureOutput out = new CaptureOutput(2 * samples); // a file-like output: no readings, not real time
        PlaybackEngine engine = new PlaybackEngine(EngineSettings.defaults(100), buffer, out);
        GroupPlayback group = new GroupPlayback(engine, clock, samples, s -> { }, () -> now[0], 0);
        group.apply(new GroupControl.Start(SimulatedFleetClock.fleetOf(now[0] + S), 5000));
        engine.start();
        try {
            group.step();
            Thread.sleep(100);
            assertThat(out.size()).as("before the Start: at most the period the pause fades out in").isLessThanOrEqualTo(
                    EngineSettings.DEFAULT_PERIOD_FRAMES);
            now[0] += S;
            group.step();
            assertThat(engine.awaitFinished(Duration.ofSeconds(20))).isTrue();
            assertThat(out.size()).as("played from the Start's position to the end").isBetween(samples - 5000,
                    samples - 5000 + 2 * EngineSettings.DEFAULT_PERIOD_FRAMES);
        } finally {
            group.close();
            engine.close();
        }
    }
}
