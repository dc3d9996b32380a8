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
}
