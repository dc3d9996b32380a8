package org.audifleet.player.sync;

import java.util.Random;

/**
 * A station clock against the fleet reference, simulated: the reference reads {@code offset + drift × station time}
 * ahead of the station (a clock that can also step), and each direction of the network takes a base delay plus an
 * exponential wait with its own mean (unequal directions: an asymmetric path), sometimes a long stall. Seeded.
 */
final class SimulatedLink {

    private final Random random;
    private double offsetNanos;
    private final double drift;
    private final double baseNanos;
    private final double forwardMeanNanos;
    private final double backMeanNanos;
    private final double stallChance;
    private final double stallNanos;

    SimulatedLink(long seed, double offsetNanos, double driftPpm, double baseNanos, double forwardMeanNanos,
            double backMeanNanos, double stallChance, double stallNanos) {
        this.random = new Random(seed);
        this.offsetNanos = offsetNanos;
        this.drift = driftPpm * 1e-6;
        this.baseNanos = baseNanos;
        this.forwardMeanNanos = forwardMeanNanos;
        this.backMeanNanos = backMeanNanos;
        this.stallChance = stallChance;
        this.stallNanos = stallNanos;
    }

    /** The true offset (reference minus station) at station time {@code local}. */
    double trueOffset(long local) {
        return offsetNanos + drift * local;
    }

    /** The station's clock is set by {@code nanos} (it jumps ahead: the offset falls by that). */
    void step(double nanos) {
        offsetNanos -= nanos;
    }

    private double wait(double mean) {
        double w = baseNanos - mean * Math.log(1 - random.nextDouble());
        return random.nextDouble() < stallChance ? w + stallNanos : w;
    }

    /** An exchange sent at station time {@code t1}; the reference takes 20 µs to answer. */
    Exchange exchange(long t1) {
        double t2 = t1 + trueOffset(t1) + wait(forwardMeanNanos);
        double t3 = t2 + 20_000;
        double back = wait(backMeanNanos);
        // Station time at which the reference reads t3 + back (the drift over one exchange is far below 1 ns).
        double t4 = t3 + back - trueOffset(t1);
        return new Exchange(t1, Math.round(t2), Math.round(t3), Math.round(t4));
    }

    /**
     * A record the reference stamped (to the millisecond below, as Kafka's LogAppendTime) at about station time
     * {@code local}, and the station time it arrives: {@code [reference, localReceive]}.
     */
    long[] oneWay(long local) {
        double reference = local + trueOffset(local);
        long stamped = (long) Math.floor(reference / 1e6) * 1_000_000;
        long received = Math.round(local + wait(forwardMeanNanos));
        return new long[] {stamped, received};
    }
}
