package org.audifleet.player.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.audifleet.player.engine.LoopRegion;
import org.junit.jupiter.api.Test;

/** The group's timeline: fleet instants to session positions, as every member (a late joiner too) computes them. */
class GroupTimelineTests {

    private static final long S = 1_000_000_000L;
    private static final double RATE = 44_100; // 100 Hz × 441
    private static final long T0 = 1_000 * S;

    private final GroupTimeline timeline = new GroupTimeline(RATE, 3_600 * 44_100L);

    @Test
    void nothingPlaysBeforeTheStartInstantThenThePositionRunsAtTheRate() {
        timeline.add(new GroupControl.Start(T0, 0));
        assertThat(timeline.at(T0 - 1).started()).isFalse();
        assertThat(timeline.at(T0).position()).isZero();
        assertThat(timeline.at(T0 + 10 * S).position()).isEqualTo(441_000);
        assertThat(timeline.at(T0 + S / 2000).position()).isCloseTo(22.05, within(1e-9));
        assertThat(timeline.at(T0 + 10 * S).playing()).isTrue();
    }

    @Test
    void pauseSeekSpeedAndResumeMakeAPiecewiseLinearTimeline() {
        timeline.add(new GroupControl.Start(T0, 0));
        timeline.add(new GroupControl.Pause(T0 + 10 * S)); // at 441,000
        timeline.add(new GroupControl.Seek(T0 + 12 * S, 1_000_000));
        timeline.add(new GroupControl.Speed(T0 + 13 * S, 2));
        timeline.add(new GroupControl.Resume(T0 + 15 * S));
        timeline.add(new GroupControl.Speed(T0 + 20 * S, 0.5));
        assertThat(timeline.at(T0 + 11 * S).position()).isEqualTo(441_000);
        assertThat(timeline.at(T0 + 11 * S).playing()).isFalse();
        assertThat(timeline.at(T0 + 14 * S).position()).isEqualTo(1_000_000);
        assertThat(timeline.at(T0 + 14 * S).speed()).isEqualTo(2);
        assertThat(timeline.at(T0 + 20 * S).position()).isEqualTo(1_000_000 + 5 * 88_200);
        assertThat(timeline.at(T0 + 24 * S).position()).isEqualTo(1_000_000 + 5 * 88_200 + 4 * 22_050);
        assertThat(timeline.nextControlAfter(T0 + 15 * S)).isEqualTo(T0 + 20 * S);
        assertThat(timeline.nextControlAfter(T0 + 20 * S)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aLoopWrapsKeepingThePhaseAndOneSetBehindThePositionJumpsToItsStart() {
        timeline.add(new GroupControl.Loop(T0 - S, new LoopRegion(44_100, 88_200)));
        timeline.add(new GroupControl.Start(T0, 0));
        assertThat(timeline.at(T0 + 2 * S + S / 2).position()).isEqualTo(66_150);
        assertThat(timeline.at(T0 + 3 * S).position()).isEqualTo(44_100);
        assertThat(timeline.at(T0 + 100 * S + S / 4).position()).isCloseTo(44_100 + 11_025, within(1e-6));

        GroupTimeline other = new GroupTimeline(RATE, 3_600 * 44_100L);
        other.add(new GroupControl.Start(T0, 0));
        other.add(new GroupControl.Loop(T0 + 5 * S, new LoopRegion(44_100, 88_200))); // at 220,500: behind it
        assertThat(other.at(T0 + 5 * S).position()).isEqualTo(44_100);
        assertThat(other.at(T0 + 6 * S).position()).isEqualTo(88_200 - 44_100);
    }

    @Test
    void aSeekOutsideTheLoopClearsItAndOneInsideKeepsIt() {
        timeline.add(new GroupControl.Start(T0, 0));
        timeline.add(new GroupControl.Loop(T0 + S, new LoopRegion(0, 88_200)));
        timeline.add(new GroupControl.Seek(T0 + 2 * S, 10));
        assertThat(timeline.at(T0 + 2 * S).loop()).isEqualTo(new LoopRegion(0, 88_200));
        timeline.add(new GroupControl.Seek(T0 + 3 * S, 500_000));
        assertThat(timeline.at(T0 + 3 * S).loop()).isNull();
        assertThat(timeline.at(T0 + 4 * S).position()).isEqualTo(544_100);
    }

    @Test
    void theSessionStopsAtItsEnd() {
        GroupTimeline shortOne = new GroupTimeline(RATE, 441_000);
        shortOne.add(new GroupControl.Start(T0, 0));
        assertThat(shortOne.at(T0 + 11 * S).position()).isEqualTo(441_000);
        assertThat(shortOne.at(T0 + 11 * S).playing()).isFalse();
        assertThat(shortOne.at(T0 + 11 * S).started()).isTrue();
    }

    @Test
    void controlsArrivingInAnyOrderGiveEveryMemberTheSameTimeline() {
        Random random = new Random(14);
        List<GroupControl> controls = new ArrayList<>();
        controls.add(new GroupControl.Start(T0, 0));
        long at = T0;
        for (int i = 0; i < 40; i++) {
            at += (1 + random.nextInt(30)) * S / 10;
            long instant = at;
            controls.add(switch (random.nextInt(6)) {
                case 0 -> new GroupControl.Pause(instant);
                case 1 -> new GroupControl.Resume(instant);
                case 2 -> new GroupControl.Seek(instant, random.nextInt(10_000_000));
                case 3 -> new GroupControl.Speed(instant, 0.1 + random.nextInt(140) / 10.0);
                case 4 -> new GroupControl.Loop(instant, new LoopRegion(random.nextInt(1_000_000), 2_000_000));
                default -> new GroupControl.Volume(instant, random.nextInt(20) / 10.0);
            });
        }
        for (GroupControl c : controls) {
            timeline.add(c);
        }
        GroupTimeline lateJoiner = new GroupTimeline(RATE, 3_600 * 44_100L);
        List<GroupControl> shuffled = new ArrayList<>(controls);
        Collections.shuffle(shuffled, random);
        for (GroupControl c : shuffled) {
            lateJoiner.add(c);
        }
        for (long t = T0 - S; t < at + 10 * S; t += S / 7) {
            assertThat(lateJoiner.at(t)).isEqualTo(timeline.at(t));
        }
        // Continuity: while playing with no control between, the position moves at rate × speed.
        for (long t = T0; t < at; t += S / 3) {
            GroupPosition a = timeline.at(t);
            GroupPosition b = timeline.at(t + S / 100);
            boolean controlBetween = timeline.nextControlAfter(t) <= t + S / 100;
            boolean wrapped = a.loop() != null && b.position() < a.position();
            if (a.playing() && !controlBetween && !wrapped) {
                assertThat(b.position() - a.position()).isCloseTo(RATE * a.speed() / 100, within(1e-6));
            }
        }
    }

    @Test
    void refusesControlsOutsideTheEnginesBounds() {
        assertThatThrownBy(() -> new GroupControl.Speed(T0, 20)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("speed 20.0 is outside 0.1..15.0");
        assertThatThrownBy(() -> new GroupControl.Seek(T0, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GroupControl.Volume(T0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GroupTimeline(0, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
