package org.audifleet.player.sync;

import java.util.Arrays;

/**
 * The station's estimate of the fleet time reference's clock against its own: an offset, a drift and how sure it
 * is, from NTP-style {@link Exchange}s or from one-way reference timestamps (a Kafka record's LogAppendTime against
 * the station's receive time). Design in player-agent/SYNC.md, claims measured in {@code OffsetEstimatorTests}.
 *
 * <p>Minimum-delay filtering: of the newest {@link EstimatorSettings#window()} samples only the lowest-delay share is
 * fitted, because a sample that waited (a thread wake-up, a GC pause, a queue) is off by up to half its wait, while
 * the quickest samples are off by little. Exchanges know their delay; a one-way sample's delay is how far it falls
 * below a first fit over the whole window (a delayed timestamp only ever reads early). A least-squares line through
 * the chosen samples gives the offset now and the drift; its standard error at a time is the uncertainty.
 *
 * <p>Step detection: a sample too far from the prediction is held back, not fitted; that many in a row agreeing with
 * each other are a clock step (a daemon set the time), so the window starts again from them and {@link #steps()}
 * counts it. One that does fit in between clears them: a single late record is no step.
 *
 * <p>Plain arrays allocated here and arithmetic: no allocation per sample. Not thread-safe: one thread feeds it.
 */
final class OffsetEstimator {

    /** What one sample did to the estimate. */
    enum Outcome { FITTED, HELD_BACK, STEP }

    private final EstimatorSettings settings;
    private final double[] time;
    private final double[] offset;
    private final double[] delay;
    private final double[] scratch;
    private final boolean[] chosen;
    private final long[] heldTime;
    private final long[] heldOffset;
    private final long[] heldDelay;
    private int held;
    private int count;
    private int next;
    private Boolean oneWay;
    private long origin;
    private int steps;
    // The fit: offset(t) = intercept + slope * (t - meanTime), t in nanoseconds since origin.
    private double intercept;
    private double slope;
    private double meanTime;
    private double residualSd;
    private double sxx;
    private int fitted;
    private double lowestDelay;

    OffsetEstimator(EstimatorSettings settings) {
        this.settings = settings;
        int w = settings.window();
        time = new double[w];
        offset = new double[w];
        delay = new double[w];
        scratch = new double[w];
        chosen = new boolean[w];
        heldTime = new long[settings.stepConfirmations()];
        heldOffset = new long[settings.stepConfirmations()];
        heldDelay = new long[settings.stepConfirmations()];
    }

    /** Adds one exchange with the reference. */
    Outcome add(Exchange e) {
        mode(false);
        return sample(e.midpoint(), e.offset(), e.delay());
    }

    /**
     * Adds one reference timestamp seen at {@code localReceiveNanos}: the offset it shows is too small by the
     * one-way delay, so it is the smallest delays that count, and the estimate stays low by the smallest of them.
     */
    Outcome addOneWay(long referenceNanos, long localReceiveNanos) {
        mode(true);
        return sample(localReceiveNanos, referenceNanos - localReceiveNanos, 0);
    }

    private void mode(boolean oneWaySample) {
        if (oneWay == null) {
            oneWay = oneWaySample;
        } else if (oneWay != oneWaySample) {
            throw new IllegalStateException("an estimator takes either exchanges or one-way timestamps, not both");
        }
    }

    private Outcome sample(long localNanos, long observedOffset, long observedDelay) {
        if (count == 0) {
            origin = localNanos;
        }
        if (count >= 2 && !consistent(localNanos, observedOffset, observedDelay)) {
            hold(localNanos, observedOffset, observedDelay);
            if (held < settings.stepConfirmations()) {
                return Outcome.HELD_BACK;
            }
            restartFromHeld();
            steps++;
            return Outcome.STEP;
        }
        held = 0;
        put(localNanos, observedOffset, observedDelay);
        fit();
        return Outcome.FITTED;
    }

    private boolean consistent(long localNanos, long observedOffset, long observedDelay) {
        double error = observedOffset - predict(localNanos);
        double allowed = settings.stepThresholdNanos();
        if (!oneWay) {
            allowed += Math.max(0, observedDelay - lowestDelay) / 2;
        }
        return Math.abs(error) <= allowed;
    }

    private void hold(long localNanos, long observedOffset, long observedDelay) {
        // Held samples must agree with each other too: a step moves them all alike.
        if (held > 0 && Math.abs(observedOffset - heldOffset[held - 1]
                - (localNanos - heldTime[held - 1]) * slope) > settings.stepThresholdNanos()) {
            held = 0;
        }
        heldTime[held] = localNanos;
        heldOffset[held] = observedOffset;
        heldDelay[held] = observedDelay;
        held++;
    }

    private void restartFromHeld() {
        count = 0;
        next = 0;
        int n = held;
        held = 0;
        origin = heldTime[0];
        for (int i = 0; i < n; i++) {
            put(heldTime[i], heldOffset[i], heldDelay[i]);
        }
        fit();
    }

    private void put(long localNanos, long observedOffset, long observedDelay) {
        time[next] = localNanos - origin;
        offset[next] = observedOffset;
        delay[next] = observedDelay;
        next = (next + 1) % time.length;
        count = Math.min(count + 1, time.length);
    }

    private void fit() {
        Arrays.fill(chosen, 0, count, true);
        line();
        if (oneWay) {
            // A one-way sample's delay, give or take a constant: how far it reads below the line through them all.
            for (int i = 0; i < count; i++) {
                delay[i] = intercept + slope * (time[i] - meanTime) - offset[i];
            }
        }
        choose();
        line();
        if (oneWay) {
            for (int i = 0; i < count; i++) {
                delay[i] = intercept + slope * (time[i] - meanTime) - offset[i];
            }
            choose();
            line();
        }
    }

    /** Marks the lowest-delay share of the window, at least two samples (all of them while there are few). */
    private void choose() {
        System.arraycopy(delay, 0, scratch, 0, count);
        int keep = Math.max(Math.min(count, 2), (int) Math.ceil(count * settings.lowestDelayFraction()));
        double limit = select(scratch, count, keep - 1);
        double lowest = limit;
        for (int i = 0; i < count; i++) {
            chosen[i] = delay[i] <= limit;
            lowest = Math.min(lowest, delay[i]);
        }
        lowestDelay = oneWay ? 0 : lowest; // a one-way delay is known only up to a constant
    }

    /** The {@code k}-th smallest of {@code a[0, n)} (from 0), reordering them: Hoare's selection, linear on average. */
    private static double select(double[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    /** Least squares through the chosen samples; a flat line while they are too few to show a drift. */
    private void line() {
        int n = 0;
        double st = 0;
        double so = 0;
        for (int i = 0; i < count; i++) {
            if (chosen[i]) {
                n++;
                st += time[i];
                so += offset[i];
            }
        }
        double mt = st / n;
        double mo = so / n;
        double xx = 0;
        double xy = 0;
        for (int i = 0; i < count; i++) {
            if (chosen[i]) {
                double dt = time[i] - mt;
                xx += dt * dt;
                xy += dt * (offset[i] - mo);
            }
        }
        meanTime = mt;
        intercept = mo;
        slope = n >= 3 && xx > 0 ? xy / xx : 0;
        sxx = xx;
        fitted = n;
        double ss = 0;
        for (int i = 0; i < count; i++) {
            if (chosen[i]) {
                double r = offset[i] - (intercept + slope * (time[i] - meanTime));
                ss += r * r;
            }
        }
        int freedom = slope == 0 ? n - 1 : n - 2;
        residualSd = freedom > 0 ? Math.sqrt(ss / freedom) : Double.NaN;
    }

    private double predict(long localNanos) {
        return intercept + slope * (localNanos - origin - meanTime);
    }

    /** Whether any sample has been fitted. */
    boolean ready() {
        return count > 0;
    }

    /** Reference clock minus station clock at station time {@code localNanos}. */
    long offsetAt(long localNanos) {
        requireReady();
        return Math.round(predict(localNanos));
    }

    /** The reference's time at station time {@code localNanos}. */
    long toReference(long localNanos) {
        return localNanos + offsetAt(localNanos);
    }

    /** How fast the reference's clock gains on the station's, in parts per million. */
    double driftPpm() {
        return slope * 1e6;
    }

    /**
     * The standard error of {@link #offsetAt} at {@code localNanos} (growing away from the samples), not less than
     * the reference's quantisation over the samples fitted; before there are three, half the lowest delay (the most
     * an exchange can be off by).
     */
    long uncertaintyAt(long localNanos) {
        requireReady();
        double quantisation = settings.resolutionNanos() / Math.sqrt(12.0 * fitted);
        if (fitted < 3 || Double.isNaN(residualSd)) {
            return Math.round(Math.max(quantisation, lowestDelay / 2));
        }
        double dt = localNanos - origin - meanTime;
        double leverage = 1.0 / fitted + (slope != 0 && sxx > 0 ? dt * dt / sxx : 0);
        return Math.round(Math.max(quantisation, residualSd * Math.sqrt(leverage)));
    }

    /** Half the lowest delay among the exchanges: how far unequal directions could move the offset (0 one-way). */
    long asymmetryBound() {
        return Math.round(lowestDelay / 2);
    }

    /** Clock steps seen (each restarted the window). */
    int steps() {
        return steps;
    }

    /** Samples the estimate rests on now. */
    int fitted() {
        return fitted;
    }

    private void requireReady() {
        if (count == 0) {
            throw new IllegalStateException("no sample yet");
        }
    }
}
