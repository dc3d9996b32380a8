package org.audifleet.player.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.PlaybackStatus;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.Test;

/** The watcher's logic on hand-made records: news in order, once each, and nothing a record holds can throw. */
class SessionStatusWatcherTests {

    private static final UUID SESSION = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
    private static final UUID OTHER = UUID.fromString("00000000-0000-0000-0000-0000000000bb");
    private static final String KEY = SESSION.toString();

    private final List<PlaybackStatus.Event> heard = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final SessionStatusWatcher.SessionNews news = new SessionStatusWatcher.SessionNews(SESSION,
            new SessionStatusWatcher.Listener() {
                @Override
                public void received(PlaybackStatus.Received planning) {
                    heard.add(planning);
                }

                @Override
                public void accepted(PlaybackStatus.Accepted plan) {
                    heard.add(plan);
                }

                @Override
                public void rejected(PlaybackStatus.Rejected rejection) {
                    heard.add(rejection);
                }

                @Override
                public void chunkGap(PlaybackStatus.ChunkGap gap) {
                    heard.add(gap);
                }

                @Override
                public void noData(PlaybackStatus.NoData noData) {
                    heard.add(noData);
                }

                @Override
                public void skipped(int partition, long offset, String why) {
                    skipped.add(partition + "@" + offset + ": " + why);
                }
            });
    private long offset;

    private void feed(String key, byte[] value) {
        news.accept(key, value, 1, offset++);
    }

    private static byte[] status(UUID session, PlaybackStatus.Event event) {
        return new PlaybackStatus(session, 7L, event).encode();
    }

    @Test
    void eachKindOfNewsReachesItsCallbackInOrder() {
        PlaybackStatus.Accepted accepted = new PlaybackStatus.Accepted(6, 0L, 3_600_000_000L, 100.0);
        PlaybackStatus.ChunkGap gap = new PlaybackStatus.ChunkGap(3, 6, PlaybackStatus.GapCause.ORIGIN_FAILED,
                "http://origin/x.i32.zst", "HTTP 503");
        PlaybackStatus.NoData noData = new PlaybackStatus.NoData(6, "no data");
        feed(KEY, status(SESSION, accepted));
        feed(KEY, status(SESSION, gap));
        feed(KEY, status(SESSION, noData));
        assertThat(heard).containsExactly(accepted, gap, noData);
        assertThat(news.unreadable()).isZero();
    }

    @Test
    void aRejectionIsTheAnswerAndARedeliveredAnswerIsDropped() {
        PlaybackStatus.Rejected rejected = new PlaybackStatus.Rejected(PlaybackStatus.Reason.UNKNOWN_ORIGIN,
                "unknown origin 'nowhere'");
        feed(KEY, status(SESSION, rejected));
        feed(KEY, status(SESSION, rejected));
        feed(KEY, status(SESSION, new PlaybackStatus.Accepted(1, 0L, 1L, 0.0)));
        assertThat(heard).containsExactly(rejected);
    }

    @Test
    void receivedIsToldOnceAndOnlyBeforeTheAnswer() {
        PlaybackStatus.Received received = new PlaybackStatus.Received(10_000);
        PlaybackStatus.Accepted accepted = new PlaybackStatus.Accepted(1, 0L, 1L, 100.0);
        feed(KEY, status(SESSION, received));
        feed(KEY, status(SESSION, received));
        feed(KEY, status(SESSION, accepted));
        // The fetcher restarted and took the request again: its second RECEIVED is no news after the plan.
        feed(KEY, status(SESSION, new PlaybackStatus.Received(10_000)));
        feed(KEY, status(SESSION, accepted));
        assertThat(heard).containsExactly(received, accepted);

        heard.clear();
        SessionStatusWatcher.SessionNews answeredFirst = new SessionStatusWatcher.SessionNews(SESSION,
                new SessionStatusWatcher.Listener() {
                    @Override
                    public void received(PlaybackStatus.Received planning) {
                        heard.add(planning);
                    }
                });
        answeredFirst.accept(KEY, status(SESSION, new PlaybackStatus.Rejected(PlaybackStatus.Reason.UNKNOWN_ORIGIN,
                "x")), 0, 0);
        answeredFirst.accept(KEY, status(SESSION, received), 0, 1);
        assertThat(heard).isEmpty();
    }

    @Test
    void aKindThisBuildDoesNotKnowIsSkippedAndTheAnswerAfterItStillHeard() {
        // What a station built before RECEIVED does with it: the code after its newest kind is skipped, counted.
        byte[] later = status(SESSION, new PlaybackStatus.Received(10_000));
        later[5] = (byte) PlaybackStatus.Kind.values().length;
        feed(KEY, later);
        PlaybackStatus.Accepted accepted = new PlaybackStatus.Accepted(1, 0L, 1L, 100.0);
        feed(KEY, status(SESSION, accepted));
        assertThat(skipped).singleElement().asString().isEqualTo("1@0: PlaybackStatus: unknown code "
                + PlaybackStatus.Kind.values().length + " for Kind");
        assertThat(news.unreadable()).isEqualTo(1);
        assertThat(heard).containsExactly(accepted);
    }

    @Test
    void aChunkGapIsToldOncePerChunkWhenTheFetcherFetchesTheSessionAgain() {
        PlaybackStatus.ChunkGap first = new PlaybackStatus.ChunkGap(0, 2, PlaybackStatus.GapCause.NO_DATA, "a", "x");
        PlaybackStatus.ChunkGap second = new PlaybackStatus.ChunkGap(1, 2, PlaybackStatus.GapCause.NO_DATA, "b", "x");
        for (int round = 0; round < 2; round++) {
            feed(KEY, status(SESSION, first));
            feed(KEY, status(SESSION, second));
            feed(KEY, status(SESSION, new PlaybackStatus.NoData(2, "none")));
        }
        assertThat(heard).containsExactly(first, second, new PlaybackStatus.NoData(2, "none"));
    }

    @Test
    void otherSessionsAreNotNewsAndNotUnreadable() {
        feed(OTHER.toString(), status(OTHER, new PlaybackStatus.Accepted(1, 0L, 1L, 100.0)));
        feed(OTHER.toString(), new byte[] {1, 2, 3});
        feed(null, null);
        assertThat(heard).isEmpty();
        assertThat(news.unreadable()).isZero();
    }

    @Test
    void recordsThatAreNotAStatusOfThisSessionAreSkippedAndCountedNeverThrown() {
        byte[] good = status(SESSION, new PlaybackStatus.Rejected(PlaybackStatus.Reason.BAD_REQUEST, "empty"));
        byte[] random = new byte[200];
        new Random(42).nextBytes(random);
        byte[] otherVersion = good.clone();
        otherVersion[4] = 9;
        byte[] unknownKind = good.clone();
        unknownKind[5] = 99;
        List<byte[]> poison = List.of(new byte[0], random, otherVersion, unknownKind,
                Arrays.copyOf(good, good.length - 3), Arrays.copyOf(good, good.length + 1),
                new PlaybackRequest(SESSION, "demo", StreamId.parse("XX.DEMO..HHZ"), 0L, 1L, 0L).encode(),
                status(OTHER, new PlaybackStatus.Accepted(1, 0L, 1L, 100.0)));
        for (byte[] value : poison) {
            feed(KEY, value);
        }
        feed(KEY, null);
        assertThat(heard).isEmpty();
        assertThat(news.unreadable()).isEqualTo(poison.size() + 1);
        assertThat(skipped).hasSize(poison.size() + 1);
        assertThat(skipped.get(0)).startsWith("1@0: ").contains("shorter than a header");
        assertThat(skipped.get(2)).startsWith("1@2: ").contains("version 9");
        assertThat(skipped.get(6)).contains("magic is not AFPS");
        assertThat(skipped.get(7)).contains("about session " + OTHER);
        assertThat(skipped.get(8)).contains("null payload");
        feed(KEY, good);
        assertThat(heard).hasSize(1);
    }
}
