package org.audifleet.player.bench.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyncScenarioTests {

    @Test
    void everyEvenMemberRunsUnderFaketimeSoARoomOfTwoHasOneSkewedStation() {
        assertThat(SyncScenario.skewed(1)).isFalse();
        assertThat(SyncScenario.skewed(2)).isTrue();
        assertThat(SyncScenario.skewed(3)).isFalse();
    }

    @Test
    void aMemberCountsAsReadyOnlyWhenItsStatusLineSaysReady() {
        String status = """
                sync-1 group sync-test clock ready offset +0.012 ms
                sync-2 group sync-test clock not ready (3 exchanges)
                sync-3 group sync-test clock READY offset +137.001 ms
                unrelated line: ready
                """;
        assertThat(SyncScenario.readyMembers(status)).isEqualTo(2);
    }

    @Test
    void theControlsFallInsideTheSessionInOrder() {
        assertThat(SyncScenario.PAUSE_AT).isLessThan(SyncScenario.RESUME_AT);
        assertThat(SyncScenario.RESUME_AT).isLessThan(SyncScenario.SEEK_AT);
        assertThat(SyncScenario.SEEK_AT).isLessThan(SyncScenario.SPEED_AT);
        // Played before the speed change: 2 s, then 1 s from the seek; the session has 8.16 s of sound at 1x.
        assertThat(SyncScenario.SPEED_AT - SyncScenario.RESUME_AT).isLessThan(SyncScenario.SESSION_SECONDS);
    }
}
