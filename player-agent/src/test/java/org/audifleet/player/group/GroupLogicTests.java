package org.audifleet.player.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.audifleet.player.engine.LoopRegion;
import org.audifleet.player.station.SessionClock;
import org.audifleet.player.sync.GroupControl;
import org.audifleet.player.sync.SyncStatus;
import org.audifleet.wire.PlaybackControl;
import org.audifleet.wire.StationAnnouncement;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.Test;

/** The plain logic of groups: the stream mapping, member session ids, control conversion, late-join replay, status. */
class GroupLogicTests {

    private static final StreamId DEFAULT = StreamId.parse("XX.DEMO..HHZ");
    private static final StreamId STA1 = StreamId.parse("XX.STA1..HHZ");
    private static final StreamId STA2 = StreamId.parse("XX.STA2..HHZ");
    private static final UUID GROUP_SESSION = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
    private static final UUID OTHER_SESSION = UUID.fromString("00000000-0000-0000-0000-0000000000bb");
    private static final long T = 1_764_700_000_000_000_000L;
    private static final PlaybackControl.Play PLAY = new PlaybackControl.Play("demo", DEFAULT, 1_704_067_200_000_000L,
            1_704_070_800_000_000L, 441);

    @Test
    void streamsGoInOrderToTheMembersSortedAndTheRestPlayTheDefault() {
        List<String> members = List.of("hall-1", "hall-2", "hall-3");
        List<PlaybackControl.MemberStream> mapping = StreamMapping.of(members, List.of(STA1, STA2), "hall");
        assertThat(mapping).containsExactly(new PlaybackControl.MemberStream("hall-1", STA1),
                new PlaybackControl.MemberStream("hall-2", STA2));
        assertThat(StreamMapping.describe(members, mapping, DEFAULT)).containsExactly("hall-1 <- XX.STA1..HHZ",
                "hall-2 <- XX.STA2..HHZ", "hall-3 <- XX.DEMO..HHZ (default)");
        assertThat(StreamMapping.of(members, List.of(), "hall")).isEmpty();
    }

    @Test
    void moreStreamsThanMembersIsANamedError() {
        assertThatThrownBy(() -> StreamMapping.of(List.of("hall-1"), List.of(STA1, STA2), "hall"))
                .hasMessage("2 streams for 1 member of group hall (hall-1)");
        assertThatThrownBy(() -> StreamMapping.of(List.of(), List.of(STA1), "hall"))
                .hasMessage("1 streams for 0 members of group hall (no station announces it)");
    }

    @Test
    void aMembersSessionIsTheSameForEveryReplayAndItsOwn() {
        UUID one = GroupSessions.memberSession(GROUP_SESSION, "hall-1");
        assertThat(GroupSessions.memberSession(GROUP_SESSION, "hall-1")).isEqualTo(one);
        assertThat(GroupSessions.memberSession(GROUP_SESSION, "hall-2")).isNotEqualTo(one);
        assertThat(GroupSessions.memberSession(OTHER_SESSION, "hall-1")).isNotEqualTo(one);
        assertThat(one.version()).as("name-based").isEqualTo(3);
    }

    @Test
    void groupControlsBecomeTimelineControlsAtTheirInstantWithPositionsAtTheStreamsRate() {
        SessionClock at100 = new SessionClock(Instant.parse("2024-01-01T00:00:00Z"), 100.0, 441);
        SessionClock at40 = new SessionClock(Instant.parse("2024-01-01T00:00:00Z"), 40.0, 441);
        PlaybackControl.Position min12 = new PlaybackControl.Position(false, 750_000_000L); // 00:12:30
        assertThat(GroupControls.of(group(new PlaybackControl.SeekTime(min12)), at100))
                .isEqualTo(new GroupControl.Seek(T, 75_000));
        assertThat(GroupControls.of(group(new PlaybackControl.SeekTime(min12)), at40))
                .isEqualTo(new GroupControl.Seek(T, 30_000));
        assertThat(GroupControls.of(group(new PlaybackControl.LoopTime(new PlaybackControl.Position(false,
                600_000_000L), new PlaybackControl.Position(false, 840_000_000L))), at100))
                .isEqualTo(new GroupControl.Loop(T, new LoopRegion(60_000, 84_000)));
        assertThat(GroupControls.of(group(new PlaybackControl.Seek(7)), at100)).isEqualTo(new GroupControl.Seek(T, 7));
        assertThat(GroupControls.of(group(new PlaybackControl.Loop(1, 9)), at100))
                .isEqualTo(new GroupControl.Loop(T, new LoopRegion(1, 9)));
        assertThat(GroupControls.of(group(new PlaybackControl.Pause()), at100)).isEqualTo(new GroupControl.Pause(T));
        assertThat(GroupControls.of(group(new PlaybackControl.Resume()), at100)).isEqualTo(new GroupControl.Resume(T));
        assertThat(GroupControls.of(group(new PlaybackControl.ClearLoop()), at100))
                .isEqualTo(new GroupControl.ClearLoop(T));
        assertThat(GroupControls.of(group(new PlaybackControl.Speed(2)), at100)).isEqualTo(new GroupControl.Speed(T, 2));
        assertThat(GroupControls.of(group(new PlaybackControl.Volume(0.5)), at100))
                .isEqualTo(new GroupControl.Volume(T, 0.5));
        assertThatThrownBy(() -> GroupControls.of(group(new PlaybackControl.Stop()), at100))
                .hasMessageContaining("STOP is not a group timeline control");
        assertThatThrownBy(() -> GroupControls.of(group(new PlaybackControl.Speed(40)), at100))
                .as("the engine's bounds, as GroupControl checks them").hasMessageContaining("outside");
    }

    @Test
    void aLateJoinerReplaysTheNewestPlayAndWhatCameAfterItForThatSession() {
        PlaybackControl oldPlay = PlaybackControl.forGroup("hall", OTHER_SESSION, 0, T - 100, PLAY);
        PlaybackControl play = PlaybackControl.forGroup("hall", GROUP_SESSION, 0, T, PLAY);
        PlaybackControl pause = group(new PlaybackControl.Pause());
        PlaybackControl seekAny = PlaybackControl.forGroup("hall", PlaybackControl.ANY_SESSION, 0, T + 2,
                new PlaybackControl.SeekTime(new PlaybackControl.Position(false, 5_000_000L)));
        PlaybackControl otherGroup = PlaybackControl.forGroup("lab", GROUP_SESSION, 0, T + 3,
                new PlaybackControl.Resume());
        PlaybackControl staleSession = PlaybackControl.forGroup("hall", OTHER_SESSION, 0, T + 4,
                new PlaybackControl.Resume());
        PlaybackControl station = new PlaybackControl(PlaybackControl.ANY_SESSION, "hall-1", 0,
                new PlaybackControl.Resume());
        List<PlaybackControl> history = List.of(oldPlay, group(new PlaybackControl.Speed(3)), play, pause, seekAny,
                otherGroup, staleSession, station);
        assertThat(GroupHistory.toJoin(history, "hall")).containsExactly(play, pause, seekAny);
        assertThat(GroupHistory.toJoin(history, "lab")).as("no PLAY of that group").isEmpty();
        assertThat(GroupHistory.toJoin(List.of(), "hall")).isEmpty();
        List<PlaybackControl> stopped = new ArrayList<>(history);
        stopped.add(group(new PlaybackControl.Stop()));
        assertThat(GroupHistory.toJoin(stopped, "hall")).as("the session was stopped: nothing to join").isEmpty();
    }

    @Test
    void statusIsOneLinePerMemberWithItsSyncFigures() {
        long now = 1_700_000_002_500_000L;
        StationAnnouncement playing = new StationAnnouncement("hall-1", "hall", 1_700_000_002_100_000L,
                new StationAnnouncement.Playing(GroupSessions.memberSession(GROUP_SESSION, "hall-1"), "demo", DEFAULT,
                        1_704_067_200_000_000L, 1_704_070_800_000_000L, 754_250_000L, -1, -1, 1, 1, true, 0,
                        PlaybackControl.DcMode.OFF, false),
                GroupMember.announced(GROUP_SESSION, new SyncStatus(137_000_000L, 250_000L, 50, -1_200_000L, -48.5,
                        2, 92_000_000L)));
        assertThat(GroupStatusLine.of(playing, now)).isEqualTo("hall-1  session "
                + GroupSessions.memberSession(GROUP_SESSION, "hall-1") + "  position 00:12:34.250 paused"
                + "  clock ready  offset +137.000 ms ± 0.250 ms  playout error -1.200 ms  correction -48.5 ppm  resyncs 2  age 0.4 s");
        StationAnnouncement idle = new StationAnnouncement("hall-2", "hall", now - 3_000_000L, null,
                GroupMember.announced(null, SyncStatus.NONE));
        assertThat(GroupStatusLine.of(idle, now)).isEqualTo("hall-2  idle  clock not ready  offset +0.000 ms ± ? (not yet known)"
                + "  playout error +0.000 ms  correction +0.0 ppm  resyncs 0  age 3.0 s");
        assertThat(GroupMember.announced(null, SyncStatus.NONE).groupSession())
                .isEqualTo(StationAnnouncement.Sync.NO_SESSION);
        StationAnnouncement old = new StationAnnouncement("hall-3", "hall", now, null);
        assertThat(GroupStatusLine.of(old, now)).isEqualTo("hall-3  idle  sync not announced (a station of an older"
                + " build)  age 0.0 s");
    }

    @Test
    void aGroupsControlsAreAllOnThePartitionTheProducerPicksForItsKey() {
        // The default partitioner's murmur2, as org.apache.kafka.clients.producer.internals.BuiltInPartitioner has it.
        for (String group : List.of("hall", "lab", "a", "ein-sehr-langer-gruppenname")) {
            byte[] key = PlaybackControl.groupKey(group).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(GroupHistoryReader.partitionOf(group, 3)).isEqualTo(
                    org.apache.kafka.clients.producer.internals.BuiltInPartitioner.partitionForKey(key, 3));
        }
    }

    private static PlaybackControl group(PlaybackControl.Command command) {
        return PlaybackControl.forGroup("hall", GROUP_SESSION, 0, T, command);
    }
}
