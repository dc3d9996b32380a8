package org.audifleet.player.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The servo's design claims on a simulated station (SYNC.md): its device clock runs 50 ppm fast, so its playout
 * error grows 50 µs a second unless steered; the error is measured ten times a second with 0.15 ms of noise (the
 * offset estimate's uncertainty and the device position's jitter together); a hard resync takes 0.2 s to reach the
 * output. The true error, not the measured one, is asserted.
 */
class RateServoTests {

    private static final double DT = 0.1;
    private static final double DRIFT = 50e-6;
    private static final double NOISE = 0.15e-3;
    private static final int HOUR = (int) (3600 / DT);

    /** A station steered by a servo, one update at a time. */
    private static final class Station {
        final RateServo servo = new RateServo(ServoSettings.DEFAULT);
        final Random random;
        double error;
        double maxPpm;
        double maxSlew;
        double pendingJump;
        int jumpIn = -1;
        /** The learnt drift summed since {@link #resetDriftMean}: its snapshot wanders with the noise, its mean not. */
        double driftSum;
        int driftSteps;

        Station(long seed, double error) {
            this.random = new Random(seed);
            this.error = error;
        }

        /** A station started on time and steered for {@code steps} updates, its drift learnt. */
        static Station settled(long seed, int steps) {
            Station station = new Station(seed, 0);
            for (int i = 0; i < steps; i++) {
                station.step();
            }
            return station;
        }

        void step() {
            double before = servo.correctionPpm();
            if (servo.update(error + NOISE * random.nextGaussian(), DT) == RateServo.Action.RESYNC) {
                pendingJump = servo.resyncSeconds();
                jumpIn = 2; // two updates (0.2 s) until the seek is heard
            }
            maxPpm = Math.max(maxPpm, Math.abs(servo.correctionPpm()));
            maxSlew = Math.max(maxSlew, Math.abs(servo.correctionPpm() - before) / DT);
            error += (DRIFT + servo.correctionPpm() * 1e-6) * DT;
            if (jumpIn >= 0 && jumpIn-- == 0) {
                error -= pendingJump;
            }
            driftSum += servo.learntDriftPpm();
            driftSteps++;
        }

        /**
         * Steps {@code steps} times: when the true error first comes within {@code within} (-1 s if never), and the
         * worst error after that.
         */
        Recovery recover(double within, int steps) {
            int back = -1;
            double worstAfter = 0;
            for (int i = 0; i < steps; i++) {
                step();
                if (back < 0 && Math.abs(error) < within) {
                    back = i + 1;
                } else if (back > 0) {
                    worstAfter = Math.max(worstAfter, Math.abs(error));
                }
            }
            return new Recovery(back < 0 ? -1 : back * DT, worstAfter);
        }

        void resetDriftMean() {
            driftSum = 0;
            driftSteps = 0;
        }

        double meanDriftPpm() {
            return driftSum / driftSteps;
        }
    }

    /** How a station came back after a step: seconds until within the bound, the worst error after. */
    private record Recovery(double seconds, double worstAfter) {
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    @Test
    void holdsTheErrorWithinAQuarterMillisecondAtP50AndOneAtMostOverAnHourAt50Ppm() {
        Station station = new Station(14, 0);
        double[] errors = new double[HOUR];
        double lowDrift = Double.POSITIVE_INFINITY;
        double highDrift = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < HOUR; i++) {
            if (i == HOUR / 2) {
                station.resetDriftMean();
            }
            station.step();
            errors[i] = Math.abs(station.error);
            if (i >= HOUR / 2) {
                lowDrift = Math.min(lowDrift, station.servo.learntDriftPpm());
                highDrift = Math.max(highDrift, station.servo.learntDriftPpm());
            }
        }
        double p50 = percentile(errors, 0.5);
        double p99 = percentile(errors, 0.99);
        double max = percentile(errors, 1);
        System.out.printf("servo, 1 h at 50 ppm: |error| p50 %.3f ms, p99 %.3f ms, max %.3f ms; learnt drift over the"
                + " last 30 min %.1f ppm on average, %.1f to %.1f; resyncs %d%n", p50 * 1e3, p99 * 1e3, max * 1e3,
                station.meanDriftPpm(), lowDrift, highDrift, station.servo.resyncs());
        assertThat(p50).isLessThan(0.25e-3);
        assertThat(max).isLessThan(1e-3);
        assertThat(station.meanDriftPpm()).isBetween(48.0, 52.0);
        assertThat(station.servo.resyncs()).isZero();
        assertThat(station.maxPpm).isLessThanOrEqualTo(ServoSettings.DEFAULT.maxPpm());
        assertThat(station.maxSlew).isLessThanOrEqualTo(ServoSettings.DEFAULT.slewPpmPerSecond() + 1e-9);
    }

    @Test
    void steersTenMillisecondsOutWithinTheBoundsAndWithoutAResync() {
        Station station = new Station(15, 10e-3);
        int settled = -1;
        for (int i = 0; i < HOUR / 6; i++) {
            station.step();
            if (Math.abs(station.error) >= 0.25e-3) {
                settled = -1;
            } else if (settled < 0) {
                settled = i + 1;
            }
        }
        System.out.printf("servo, 10 ms off: within 0.25 ms for good after %.1f s, largest correction %.0f ppm,"
                + " fastest change %.0f ppm/s%n", settled * DT, station.maxPpm, station.maxSlew);
        assertThat(settled * DT).isBetween(10.0, 120.0);
        assertThat(station.servo.resyncs()).isZero();
        assertThat(station.maxPpm).isLessThanOrEqualTo(ServoSettings.DEFAULT.maxPpm());
        assertThat(station.maxSlew).isLessThanOrEqualTo(ServoSettings.DEFAULT.slewPpmPerSecond() + 1e-9);
    }

    @Test
    void aStepPastTheThresholdTriggersExactlyOneResyncAndTheDriftIsKept() {
        Station station = Station.settled(16, HOUR / 6);
        double drift = station.servo.learntDriftPpm();
        station.error += 30e-3; // the device stood still for 30 ms
        station.step();
        assertThat(station.servo.resyncs()).isEqualTo(1);
        assertThat(station.servo.learntDriftPpm()).as("the integral across the resync").isEqualTo(drift);
        station.resetDriftMean();
        Recovery r = station.recover(0.25e-3, HOUR / 2);
        System.out.printf("servo, 30 ms step: %d resync, within 0.25 ms after %.1f s, worst after %.3f ms%n",
                station.servo.resyncs(), r.seconds(), r.worstAfter() * 1e3);
        assertThat(station.servo.resyncs()).isEqualTo(1);
        assertThat(r.seconds()).isBetween(0.0, 10.0);
        assertThat(r.worstAfter()).isLessThan(1e-3);
        assertThat(station.meanDriftPpm()).as("the drift learnt after it").isBetween(48.0, 52.0);
    }

    /**
     * Why the loop is fast (a 1 s time constant): a station's model of when a frame is heard is refitted as the
     * device's readings come in, and moves by a few tenths of a millisecond at a time (SYNC.md, "The rate servo").
     * Each such step is steered out within seconds, not the minute the first, slower loop took, while the group's
     * sound lasts.
     */
    @Test
    void aHalfMillisecondStepIsSteeredOutWithinSeconds() {
        Station station = Station.settled(18, HOUR / 6);
        station.error += 0.5e-3;
        Recovery r = station.recover(0.1e-3, (int) (60 / DT));
        System.out.printf("servo, 0.5 ms step: within 0.1 ms after %.1f s, worst after %.3f ms%n", r.seconds(),
                r.worstAfter() * 1e3);
        assertThat(r.seconds()).isBetween(0.5, 5.0);
        assertThat(r.worstAfter()).isLessThan(0.25e-3);
        assertThat(station.servo.resyncs()).isZero();
    }

    @Test
    void aStepBelowTheThresholdIsSteeredOut() {
        Station station = Station.settled(17, HOUR / 12);
        station.error += 15e-3;
        for (int i = 0; i < HOUR / 12; i++) {
            station.step();
        }
        assertThat(station.servo.resyncs()).isZero();
        assertThat(Math.abs(station.error)).isLessThan(1e-3);
    }

    @Test
    void refusesNonsense() {
        RateServo servo = new RateServo(ServoSettings.DEFAULT);
        assertThatThrownBy(() -> servo.update(Double.NaN, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> servo.update(0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServoSettings(0.1, 0.01, 0, 50, 0.02, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
