package org.audifleet.player.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.audifleet.wire.PlaybackControl;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.Test;

class ControlDispatcherTests {

    private static final UUID FIRST = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID SECOND = UUID.fromString("00000000-0000-0000-0000-000000000002");
    private static final PlaybackControl.Play PLAY = new PlaybackControl.Play("demo", StreamId.parse("XX.DEMO..HHZ"),
            1_704_067_200_000_000L, 1_704_070_800_000_000L, 441);

    private final List<String> events = new ArrayList<>();
    private final List<FakeTransport> transports = new ArrayList<>();
    private final ControlDispatcher dispatcher = new ControlDispatcher("lab-1", new ControlDispatcher.Sessions() {
        @Override
        public StationControls start(UUID session, PlaybackControl.Play play) {
            events.add("start " + session + " " + play.stream());
            FakeTransport t = new FakeTransport();
            t.available = 360_000;
            t.complete = true;
            transports.add(t);
            return new StationControls(t, new SessionClock(Instant.parse("2024-01-01T00:00:00Z"), 100.0, 441),
                    Duration.ofSeconds(10), () -> stop(session));
        }

        @Override
        public void stop(UUID session) {
            events.add("stop " + session);
        }
    });

    private String send(UUID session, String station, PlaybackControl.Command command) {
        return dispatcher.accept(new PlaybackControl(session, station, 0L, command));
    }

    @Test
    void playStartsASessionAndControlsSteerIt() {
        assertThat(send(FIRST, "lab-1", PLAY)).isEqualTo("session " + FIRST + ": playing XX.DEMO..HHZ from origin demo");
        assertThat(dispatcher.current()).isEqualTo(FIRST);
        FakeTransport t = transports.get(0);
        assertThat(send(PlaybackControl.ANY_SESSION, "lab-1", new PlaybackControl.Seek(72_000)))
                .isEqualTo("session " + FIRST + ": seek 00:12:00");
        send(FIRST, "", new PlaybackControl.Speed(2));
        send(FIRST, "lab-1", new PlaybackControl.Volume(5));
        send(FIRST, "lab-1", new PlaybackControl.Loop(60_000, 84_000));
        send(FIRST, "lab-1", new PlaybackControl.ClearLoop());
        send(FIRST, "lab-1", new PlaybackControl.Pause());
        send(FIRST, "lab-1", new PlaybackControl.Resume());
        assertThat(t.calls).containsExactly("seek 72000", "speed 2.0", "volume 2.0", "loop 60000 84000",
                "clear-loop", "pause", "resume");
    }

    @Test
    void timeAndFilterControlsSteerItInDataTime() {
        send(FIRST, "lab-1", PLAY);
        FakeTransport t = transports.get(0);
        assertThat(send(FIRST, "lab-1", new PlaybackControl.SeekTime(new PlaybackControl.Position(false, 750_000_000L))))
                .isEqualTo("session " + FIRST + ": seek 00:12:30");
        assertThat(send(FIRST, "lab-1", new PlaybackControl.SeekTime(new PlaybackControl.Position(true, -30_000_000L))))
                .isEqualTo("session " + FIRST + ": seek 00:12:00"); // 30 s back from where the first seek went
        send(FIRST, "lab-1", new PlaybackControl.LoopTime(new PlaybackControl.Position(false, 600_000_000L),
                new PlaybackControl.Position(false, 840_000_000L)));
        send(FIRST, "lab-1", new PlaybackControl.HighPass(0.045));
        send(FIRST, "lab-1", new PlaybackControl.Dc(PlaybackControl.DcMode.LINEAR));
        assertThat(send(FIRST, "lab-1", new PlaybackControl.Normalize(false)))
                .startsWith("session " + FIRST + ": normalize off");
        assertThat(t.calls).containsExactly("seek 75000", "seek 72000", "loop 60000 84000",
                "filters 0.045 NONE true", "filters 0.045 LINEAR true", "filters 0.045 LINEAR false");
    }

    @Test
    void seeksPastTheBufferAreClampedLikeKeys() {
        send(FIRST, "lab-1", PLAY);
        assertThat(send(FIRST, "lab-1", new PlaybackControl.Seek(9_999_999))).contains("clamped");
        assertThat(transports.get(0).position).isEqualTo(359_999);
    }

    @Test
    void aNewPlayStopsTheSessionPlayingAndStopEndsIt() {
        send(FIRST, "lab-1", PLAY);
        send(SECOND, "lab-1", PLAY);
        assertThat(events).containsExactly("start " + FIRST + " XX.DEMO..HHZ", "stop " + FIRST,
                "start " + SECOND + " XX.DEMO..HHZ");
        assertThat(send(FIRST, "lab-1", new PlaybackControl.Pause())).startsWith("ignored PAUSE for session " + FIRST);
        assertThat(transports.get(1).calls).isEmpty();
        assertThat(send(SECOND, "lab-1", new PlaybackControl.Stop())).isEqualTo("session " + SECOND + ": stopped");
        assertThat(events).last().isEqualTo("stop " + SECOND);
        assertThat(dispatcher.current()).isNull();
        assertThat(send(PlaybackControl.ANY_SESSION, "lab-1", new PlaybackControl.Pause()))
                .isEqualTo("ignored PAUSE: nothing playing");
    }

    @Test
    void controlsForOtherStationsOrSessionsAreIgnoredSilently() {
        assertThat(send(FIRST, "lab-2", PLAY)).isNull();
        assertThat(events).isEmpty();
        send(FIRST, "lab-1", PLAY);
        assertThat(send(PlaybackControl.ANY_SESSION, "lab-2", new PlaybackControl.Pause())).isNull();
        assertThat(send(SECOND, "", new PlaybackControl.Pause())).isNull();
        assertThat(transports.get(0).calls).isEmpty();
    }

    @Test
    void aSessionThatEndsByItselfNoLongerTakesControls() {
        send(FIRST, "lab-1", PLAY);
        dispatcher.sessionEnded(SECOND); // not the current one: no effect
        assertThat(dispatcher.current()).isEqualTo(FIRST);
        dispatcher.sessionEnded(FIRST);
        assertThat(dispatcher.current()).isNull();
        send(SECOND, "lab-1", PLAY);
        assertThat(events).containsExactly("start " + FIRST + " XX.DEMO..HHZ", "start " + SECOND + " XX.DEMO..HHZ");
    }

    @Test
    void aPlayThatCannotStartSaysWhy() {
        ControlDispatcher failing = new ControlDispatcher("lab-1", new ControlDispatcher.Sessions() {
            @Override
            public StationControls start(UUID session, PlaybackControl.Play play) {
                throw new IllegalArgumentException("no device named 'x'");
            }

            @Override
            public void stop(UUID session) {
            }
        });
        assertThat(failing.accept(new PlaybackControl(FIRST, "lab-1", 0L, PLAY))).endsWith("cannot play: no device named 'x'");
        assertThat(failing.current()).isNull();
    }

    /** A member of group hall: group controls reach its group part; other groups' and stations' are told apart. */
    @Test
    void aGroupPlayStartsTheMembersPartAndTheGroupsControlsGoToIt() {
        List<String> applied = new ArrayList<>();
        UUID member = UUID.fromString("00000000-0000-0000-0000-0000000000cc");
        ControlDispatcher hall = new ControlDispatcher("hall-1", "hall", new ControlDispatcher.Sessions() {
            @Override
            public StationControls start(UUID session, PlaybackControl.Play play) {
                events.add("start " + session);
                return new StationControls(new FakeTransport(), new SessionClock(Instant.parse(
                        "2024-01-01T00:00:00Z"), 100.0, 441), Duration.ofSeconds(10), () -> { });
            }

            @Override
            public ControlDispatcher.GroupPart startGroup(PlaybackControl control) {
                events.add("start group " + control.sessionId());
                StationControls controls = new StationControls(new FakeTransport(), new SessionClock(Instant.parse(
                        "2024-01-01T00:00:00Z"), 100.0, 441), Duration.ofSeconds(10), () -> { });
                return new ControlDispatcher.GroupPart() {
                    @Override
                    public UUID session() {
                        return member;
                    }

                    @Override
                    public StationControls controls() {
                        return controls;
                    }

                    @Override
                    public String apply(PlaybackControl c) {
                        applied.add(c.command().kind() + " at " + c.atNanos());
                        return c.command().kind() + " scheduled";
                    }
                };
            }

            @Override
            public void stop(UUID session) {
                events.add("stop " + session);
            }
        });
        assertThat(hall.accept(PlaybackControl.forGroup("hall", FIRST, 0, 5, new PlaybackControl.Pause())))
                .isEqualTo("ignored group PAUSE: no group session playing");
        assertThat(hall.accept(PlaybackControl.forGroup("hall", FIRST, 0, 5, PLAY)))
                .isEqualTo("group hall session " + FIRST + ": playing XX.DEMO..HHZ from origin demo as session "
                        + member);
        assertThat(hall.current()).isEqualTo(member);
        assertThat(hall.currentGroupSession()).isEqualTo(FIRST);
        assertThat(hall.accept(PlaybackControl.forGroup("hall", PlaybackControl.ANY_SESSION, 0, 7,
                new PlaybackControl.Pause()))).isEqualTo("group hall session " + FIRST + ": PAUSE scheduled");
        assertThat(hall.accept(PlaybackControl.forGroup("hall", FIRST, 0, 8, new PlaybackControl.Speed(2))))
                .isEqualTo("group hall session " + FIRST + ": SPEED scheduled");
        assertThat(hall.accept(PlaybackControl.forGroup("hall", SECOND, 0, 9, new PlaybackControl.Resume())))
                .isEqualTo("ignored group RESUME for group session " + SECOND + " (following " + FIRST + ")");
        assertThat(hall.accept(PlaybackControl.forGroup("lab", FIRST, 0, 9, new PlaybackControl.Resume())))
                .as("another group's").isNull();
        assertThat(applied).containsExactly("PAUSE at 7", "SPEED at 8");
        // A station PLAY still works on a member, and takes over from the group session.
        assertThat(hall.accept(new PlaybackControl(SECOND, "hall-1", 0L, PLAY))).startsWith("session " + SECOND);
        assertThat(events).containsExactly("start group " + FIRST, "stop " + member, "start " + SECOND);
        assertThat(hall.currentGroupSession()).isNull();
        assertThat(dispatcher.accept(PlaybackControl.forGroup("hall", FIRST, 0, 5, PLAY)))
                .as("a station in no group takes no group's controls").isNull();
    }
}
