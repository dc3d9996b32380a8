package org.audifleet.player.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.audifleet.wire.PlaybackStatus;
import org.junit.jupiter.api.Test;

/**
 * How long a station waits for the fetcher's answer, on a hand-made clock: the status timeout for the first news of
 * any kind, then, after RECEIVED, the announced planning deadline plus the status timeout, each with its own words.
 */
class SessionAnswersTests {

    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(5);
    private static final long SENT = 1_000_000_000L;
    private static final long S = 1_000_000_000L;

    private final List<String> notices = new ArrayList<>();
    private final SessionPlayer.Answers answers = new SessionPlayer.Answers(notices::add);

    private String at(long nanosSinceSent) {
        return answers.unanswered(SENT, SENT + nanosSinceSent, STATUS_TIMEOUT);
    }

    @Test
    void nothingHeardIsNoFetcherOnceTheStatusTimeoutHasPassed() {
        assertThat(at(5 * S)).isNull();
        assertThat(at(5 * S + 1)).isEqualTo("no fetcher answered within 5 s (is the fetcher running?)");
        assertThat(answers.awaitingPlan()).isFalse();
    }

    @Test
    void afterReceivedTheStationWaitsForThePlanUpToItsDeadlinePlusTheStatusTimeout() {
        answers.received(new PlaybackStatus.Received(10_000), SENT + S);
        assertThat(answers.awaitingPlan()).isTrue();
        assertThat(at(5 * S + 1)).as("past the status timeout, but the fetcher said it is planning").isNull();
        assertThat(at(S + 15 * S)).isNull();
        assertThat(at(S + 15 * S + 1)).isEqualTo("the fetcher took the request but gave no plan within 15 s"
                + " (its planning deadline is 10 s; is the fetcher still running?)");
    }

    @Test
    void aPlanOrARejectionAfterReceivedEndsTheWaitForIt() {
        answers.received(new PlaybackStatus.Received(10_000), SENT);
        answers.rejected(new PlaybackStatus.Rejected(PlaybackStatus.Reason.PLANNING_TOO_SLOW, "planning took longer"));
        assertThat(answers.awaitingPlan()).isFalse();
        assertThat(at(60 * S)).isNull();

        SessionPlayer.Answers accepted = new SessionPlayer.Answers(notices::add);
        accepted.received(new PlaybackStatus.Received(7_500), SENT);
        accepted.accepted(new PlaybackStatus.Accepted(1, 0L, 1L, 100.0));
        assertThat(accepted.awaitingPlan()).isFalse();
        assertThat(accepted.unanswered(SENT, SENT + 60 * S, STATUS_TIMEOUT)).isNull();
    }

    @Test
    void aDeadlineInMillisecondsIsSaidInMilliseconds() {
        answers.received(new PlaybackStatus.Received(500), SENT);
        assertThat(at(5_500_000_001L)).isEqualTo("the fetcher took the request but gave no plan within 5500 ms"
                + " (its planning deadline is 500 ms; is the fetcher still running?)");
    }

    @Test
    void aStationThatCanNoLongerHearTheFetcherWaitsForAudioOnly() {
        answers.received(new PlaybackStatus.Received(10_000), SENT);
        answers.stopped("stopped reading playback.status: boom");
        assertThat(at(60 * S)).isNull();
        assertThat(answers.awaitingPlan()).isFalse();
        assertThat(notices).singleElement().asString().startsWith("stopped reading playback.status: boom");
    }
}
