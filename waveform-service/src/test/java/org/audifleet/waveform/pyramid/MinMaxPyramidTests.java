package org.audifleet.waveform.pyramid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MinMaxPyramidTests {

    private static final int[] LEVELS = {3, 16, 32, 48, 64, 100, 128, 256, 1024, 4096};

    /** Every position of the session: a sample, or null inside a gap. */
    private record Session(int[] values, boolean[] present) {
    }

    /** Feeds random blocks and gaps (sizes that straddle bucket edges) and returns what was fed. */
    private static Session feed(MinMaxPyramid pyramid, long seed, int positions, List<Buckets> drained) {
        return feed(pyramid, seed, positions, drained, false);
    }

    /** With {@code forget}, every drain is followed by {@link MinMaxPyramid#forgetDrained()}. */
    private static Session feed(MinMaxPyramid pyramid, long seed, int positions, List<Buckets> drained,
            boolean forget) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] values = new int[positions];
        boolean[] present = new boolean[positions];
        int at = 0;
        while (at < positions) {
            int n = Math.min(positions - at, r.nextInt(1, 700));
            if (r.nextInt(6) == 0) {
                pyramid.appendGap(n);
            } else {
                int[] block = new int[n + 10];
                for (int i = 0; i < block.length; i++) {
                    block[i] = r.nextInt(5) == 0 ? r.nextInt() : r.nextInt(-5000, 5000);
                }
                pyramid.appendSamples(block, 5, n);
                System.arraycopy(block, 5, values, at, n);
                java.util.Arrays.fill(present, at, at + n, true);
            }
            at += n;
            if (drained != null && r.nextInt(4) == 0) {
                drained.addAll(pyramid.drain());
                if (forget) {
                    pyramid.forgetDrained();
                }
            }
        }
        pyramid.finish();
        if (drained != null) {
            drained.addAll(pyramid.drain());
        }
        return new Session(values, present);
    }

    private static void assertMatchesBruteForce(MinMaxPyramid pyramid, Session s) {
        for (int level = 0; level < pyramid.levelCount(); level++) {
            int spb = pyramid.samplesPerBucket(level);
            int expected = (s.values.length + spb - 1) / spb;
            assertThat(pyramid.bucketCount(level)).as("buckets at %d", spb).isEqualTo(expected);
            Buckets b = pyramid.buckets(level);
            for (int k = 0; k < expected; k++) {
                int lo = Integer.MAX_VALUE;
                int hi = Integer.MIN_VALUE;
                for (int i = k * spb; i < Math.min(s.values.length, (k + 1) * spb); i++) {
                    if (s.present[i]) {
                        lo = Math.min(lo, s.values[i]);
                        hi = Math.max(hi, s.values[i]);
                    }
                }
                assertThat(b.mins()[k]).as("min of bucket %d at %d", k, spb).isEqualTo(lo);
                assertThat(b.maxs()[k]).as("max of bucket %d at %d", k, spb).isEqualTo(hi);
            }
        }
    }

    @Test
    void everyLevelMatchesBruteForceAcrossBlockEdgesAndGaps() {
        for (long seed = 1; seed <= 6; seed++) {
            MinMaxPyramid pyramid = new MinMaxPyramid(LEVELS);
            Session s = feed(pyramid, seed, 30_000 + (int) seed * 377, null);
            assertMatchesBruteForce(pyramid, s);
        }
    }

    @Test
    void forgettingDrainedBucketsKeepsEveryLevelAndThePeakExact() {
        // Non-multiple levels (3, 48, 100) fold from different sources, so each keeps what its coarser levels
        // have not folded in yet.
        MinMaxPyramid reference = new MinMaxPyramid(LEVELS);
        Session s = feed(reference, 9, 60_003, new ArrayList<>(), false);
        MinMaxPyramid forgetting = new MinMaxPyramid(LEVELS);
        List<Buckets> drained = new ArrayList<>();
        feed(forgetting, 9, 60_003, drained, true);
        assertMatchesBruteForce(reference, s);
        assertThat(forgetting.peak()).isEqualTo(reference.peak());
        for (int level = 0; level < reference.levelCount(); level++) {
            int spb = reference.samplesPerBucket(level);
            Buckets all = reference.buckets(level);
            assertThat(forgetting.bucketCount(level)).isEqualTo(all.count());
            int next = 0;
            for (Buckets d : drained) {
                if (d.samplesPerBucket() == spb) {
                    assertThat(d.firstBucket()).isEqualTo(next);
                    for (int i = 0; i < d.count(); i++, next++) {
                        assertThat(d.mins()[i]).as("min %d at %d", next, spb).isEqualTo(all.mins()[next]);
                        assertThat(d.maxs()[i]).as("max %d at %d", next, spb).isEqualTo(all.maxs()[next]);
                    }
                }
            }
            assertThat(next).as("drained at %d", spb).isEqualTo(all.count());
        }
        forgetting.forgetDrained();
        assertThat(forgetting.buckets(0).count()).as("held after the last drain").isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> forgetting.buckets(0, 0, 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("forgotten");
    }

    @Test
    void drainedBucketsAreTheFinalBucketsInOrderWithoutRepeats() {
        MinMaxPyramid pyramid = MinMaxPyramid.powersOfTwo(16, 1024);
        List<Buckets> drained = new ArrayList<>();
        Session s = feed(pyramid, 42, 50_001, drained);
        assertMatchesBruteForce(pyramid, s);
        for (int level = 0; level < pyramid.levelCount(); level++) {
            int spb = pyramid.samplesPerBucket(level);
            Buckets all = pyramid.buckets(level);
            long next = 0;
            for (Buckets d : drained) {
                if (d.samplesPerBucket() != spb) {
                    continue;
                }
                assertThat(d.firstBucket()).isEqualTo(next);
                for (int i = 0; i < d.count(); i++) {
                    assertThat(d.mins()[i]).isEqualTo(all.mins()[(int) next + i]);
                    assertThat(d.maxs()[i]).isEqualTo(all.maxs()[(int) next + i]);
                }
                next += d.count();
            }
            assertThat(next).as("drained at %d", spb).isEqualTo(all.count());
        }
        assertThat(pyramid.drain()).isEmpty();
    }

    @Test
    void bucketsInsideAGapAreEmptyAndPartialOnesKeepPresentSamples() {
        MinMaxPyramid pyramid = new MinMaxPyramid(4, 8);
        pyramid.appendSamples(new int[] {5, -3}, 0, 2);
        pyramid.appendGap(11);
        pyramid.appendSamples(new int[] {7}, 0, 1);
        pyramid.finish();
        Buckets fours = pyramid.buckets(0);
        assertThat(fours.mins()).containsExactly(-3, Integer.MAX_VALUE, Integer.MAX_VALUE, 7);
        assertThat(fours.maxs()).containsExactly(5, Integer.MIN_VALUE, Integer.MIN_VALUE, 7);
        assertThat(fours.isEmpty(1)).isTrue();
        Buckets eights = pyramid.buckets(1);
        assertThat(eights.mins()).containsExactly(-3, 7);
        assertThat(eights.maxs()).containsExactly(5, 7);
        assertThat(pyramid.positions()).isEqualTo(14);
        assertThat(pyramid.peak()).isEqualTo(7);
    }

    @Test
    void bucketsBecomeFinalOnlyWhenFull() {
        MinMaxPyramid pyramid = new MinMaxPyramid(4);
        pyramid.appendSamples(new int[] {1, 2, 3}, 0, 3);
        assertThat(pyramid.drain()).isEmpty();
        pyramid.appendSamples(new int[] {4, 9}, 0, 2);
        List<Buckets> first = pyramid.drain();
        assertThat(first).hasSize(1);
        assertThat(first.get(0).mins()).containsExactly(1);
        assertThat(first.get(0).maxs()).containsExactly(4);
        pyramid.finish();
        Buckets last = pyramid.drain().get(0);
        assertThat(last.firstBucket()).isEqualTo(1);
        assertThat(last.mins()).containsExactly(9);
    }

    @Test
    void peakIsTheLargestMagnitude() {
        MinMaxPyramid pyramid = MinMaxPyramid.powersOfTwo(16, 64);
        int[] s = new int[100];
        s[40] = Integer.MIN_VALUE;
        s[99] = 12;
        pyramid.appendSamples(s, 0, 100);
        assertThat(pyramid.peak()).isEqualTo(2147483648L);
    }
}
