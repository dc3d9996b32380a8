package org.audifleet.player.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** The one ramp the speed (resampler step) and the gain share. */
class RampTests {

    @Test
    void movesInEqualStepsAndEndsExactlyOnTheTarget() {
        Ramp ramp = new Ramp(4);
        ramp.moveTo(1.0, true);
        ramp.moveTo(0.3, false); // 0.7 down in 4 frames: no exact binary fraction, so only the end is exact
        assertThat(ramp.ramping()).isTrue();
        double[] seen = new double[6];
        for (int i = 0; i < seen.length; i++) {
            seen[i] = ramp.next();
        }
        assertThat(seen[0]).isCloseTo(0.825, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(seen[1]).isCloseTo(0.65, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(seen[2]).isCloseTo(0.475, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(seen[3]).isEqualTo(0.3);
        assertThat(ramp.ramping()).isFalse();
        assertThat(seen[4]).isEqualTo(0.3);
        assertThat(seen[5]).isEqualTo(0.3);
        assertThat(ramp.value()).isEqualTo(ramp.target());
    }

    @Test
    void aJumpTakesTheTargetAtOnce() {
        Ramp ramp = new Ramp(882);
        ramp.moveTo(2.5, true);
        assertThat(ramp.value()).isEqualTo(2.5);
        assertThat(ramp.next()).isEqualTo(2.5);
    }

    @Test
    void aNewTargetMidRampStartsFromWhereTheRampIs() {
        Ramp ramp = new Ramp(10);
        ramp.moveTo(0.0, true);
        ramp.moveTo(10.0, false);
        for (int i = 0; i < 5; i++) {
            ramp.next();
        }
        assertThat(ramp.value()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-12));
        ramp.moveTo(2.0, false); // back down from 5, not from 10 or 0: no step in the value
        assertThat(ramp.max()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ramp.next()).isCloseTo(4.7, org.assertj.core.data.Offset.offset(1e-12));
        for (int i = 0; i < 9; i++) {
            ramp.next();
        }
        assertThat(ramp.value()).isEqualTo(2.0);
        assertThat(ramp.max()).isEqualTo(2.0);
    }

    @Test
    void aRampTakesAtLeastOneFrame() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Ramp(0));
        assertThat(new Ramp(1).frames()).isEqualTo(1);
    }
}
