package org.audifleet.player.sync;

import java.util.Random;
import org.audifleet.player.engine.EngineSettings;
import org.audifleet.player.engine.PlaybackEngine;
import org.audifleet.player.engine.SessionBuffer;
import org.audifleet.player.output.JavaSoundOutput;

/**
 * One station process for {@code GroupPlaybackIntegrationTests}: plays a synthetic session (1 h of seeded noise at
 * 100 Hz, the same on every station) through {@link GroupPlayback} on the default Java Sound line (the caller picks
 * the PulseAudio sink with {@code PULSE_SINK}), following the plan of {@link #plan}: Start, Pause, Resume, Seek,
 * Speed at fleet instants from {@code startEpochMillis}. Its fleet clock corrects a faketime shift and rate the caller
 * names ({@link KnownSkewClock}), standing in for the time service's estimate. Prints a status line every 0.5 s and
 * exits 0 once the plan has played.
 *
 * <p>Arguments: startEpochMillis launchedEpochNanos shiftSeconds ratePpm.
 */
public final class GroupStation {

    static final int SAMPLES = 360_000;
    static final long PLAY_NANOS = 8_000_000_000L;

    static GroupControl[] plan(long t0) {
        long s = 1_000_000_000L;
        return new GroupControl[] {
            new GroupControl.Start(t0, 0),
            new GroupControl.Pause(t0 + 2 * s),
            new GroupControl.Resume(t0 + 2 * s + s * 6 / 10),
            new GroupControl.Seek(t0 + 3 * s + s / 2, 200_000),
            new GroupControl.Speed(t0 + 4 * s + s / 2, 1.5),
        };
    }

    public static void main(String[] args) throws Exception {
        long t0 = Long.parseLong(args[0]) * 1_000_000L;
        long launched = Long.parseLong(args[1]);
        double shift = Double.parseDouble(args[2]);
        double ppm = Double.parseDouble(args[3]);
        int[] counts = new int[SAMPLES];
        Random random = new Random(14);
        for (int i = 0; i < SAMPLES; i++) {
            counts[i] = (int) (random.nextGaussian() * 1_000_000);
        }
        SessionBuffer buffer = new SessionBuffer(SAMPLES + 1000);
        buffer.appendSamples(counts, 0, SAMPLES);
        buffer.endOfSession();
        String lineBytes = System.getenv("AUDIFLEET_LINE_BYTES"); // a line that starts at another size
        JavaSoundOutput out = lineBytes == null ? new JavaSoundOutput()
                : new JavaSoundOutput(null, Integer.parseInt(lineBytes));
        PlaybackEngine engine = new PlaybackEngine(EngineSettings.defaults(100), buffer, out);
        engine.setFullScale(4_000_000);
        FleetClock clock = new KnownSkewClock(launched, Math.round(shift * 1e9), ppm);
        GroupPlayback group = GroupPlayback.follow(engine, clock, SAMPLES, System.out::println);
        engine.start();
        String dump = System.getenv("AUDIFLEET_READINGS");
        if (dump != null) { // every device reading, for working out what the position means
            Thread t = new Thread(() -> {
                try (java.io.PrintWriter w = new java.io.PrintWriter(dump)) {
                    long next = 0;
                    while (true) {
                        for (var r : out.playout().since(next)) {
                            w.println(r.nanos() + " " + r.written() + " " + r.played());
                            next = r.index() + 1;
                        }
                        w.flush();
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    // ends with the process
                }
            });
            t.setDaemon(true);
            t.start();
        }
        for (GroupControl c : plan(t0)) {
            group.apply(c);
        }
        while (clock.fleetNanos() < t0 + PLAY_NANOS) {
            Thread.sleep(500);
            SyncStatus st = group.status();
            System.out.printf("station: fleet %+.3f s playout error %+.1f µs correction %+.1f ppm latency %.1f ms"
                    + " resyncs %d rejoins %d dropouts %d%n", (clock.fleetNanos() - t0) / 1e9,
                    st.playoutErrorNanos() / 1e3, st.correctionPpm(), st.deviceLatencyNanos() / 1e6, st.resyncs(),
                    group.rejoins(), out.deviceDropouts());
        }
        group.close();
        engine.close();
        System.out.println("station: done, failure " + engine.failure());
        System.exit(engine.failure() == null ? 0 : 1);
    }

    /**
     * A fleet clock for a station under {@code faketime -f '+SHIFTs xRATE'}: the faked wall clock reads
     * {@code real + shift + (real - launched) × ppm}, from the process's start (≈ {@code launched}, which the
     * parent passes: a few ms of error there cost nanoseconds at 50 ppm). Exact, where the time service estimates.
     */
    static final class KnownSkewClock implements FleetClock {
        private final long launched;
        private final long shift;
        private final double rate;

        KnownSkewClock(long launchedEpochNanos, long shiftNanos, double ppm) {
            this.launched = launchedEpochNanos;
            this.shift = shiftNanos;
            this.rate = ppm * 1e-6;
        }

        @Override
        public long localNanos() {
            return FleetClock.wall().localNanos(); // the faked wall clock
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public long toFleet(long local) {
            return launched + Math.round((local - shift - launched) / (1 + rate));
        }

        @Override
        public long toLocal(long fleet) {
            return launched + shift + Math.round((fleet - launched) * (1 + rate));
        }

        @Override
        public long offsetNanos() {
            return -shift;
        }

        @Override
        public long uncertaintyNanos() {
            return 0;
        }

        @Override
        public double driftPpm() {
            return rate * 1e6;
        }

        @Override
        public String describe() {
            return "wall clock corrected for a known faketime skew";
        }
    }
}
