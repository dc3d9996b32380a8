package org.audifleet.player.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.audifleet.player.engine.EngineSettings;
import org.audifleet.player.engine.LoopRegion;
import org.audifleet.player.engine.PlaybackEngine;
import org.audifleet.player.engine.SessionBuffer;
import org.audifleet.player.output.NullOutput;
import org.audifleet.player.station.SessionClock;
import org.audifleet.player.station.StationControls;
import org.audifleet.player.station.Transport;
import org.audifleet.player.sync.FleetClock;
import org.audifleet.player.sync.GroupControl;
import org.audifleet.player.sync.GroupPlayback;
import org.audifleet.wire.PlaybackControl;
import org.junit.jupiter.api.Test;

/**
 * When a member's check counts a group control as applied (what the engine's control fields hold), and that every
 * control a real member is sent is reported once, in order, before a STOP ends the session.
 */
class GroupMemberTests {

    private final Map<String, Object> state = new HashMap<>(Map.of("paused", false, "position", 0L, "speed", 1.0,
            "volume", 1.0, "pendingSeek", OptionalLong.empty()));

    /** A transport whose getters read {@link #state}: only what {@link GroupMember#shows} looks at. */
    private final Transport transport = (Transport) Proxy.newProxyInstance(Transport.class.getClassLoader(),
            new Class<?>[] {Transport.class}, (proxy, method, args) -> state.get(method.getName()));

    @Test
    void eachControlShowsInTheFieldItSets() {
        assertThat(GroupMember.shows(new GroupControl.Start(0, 0), transport)).isTrue();
        assertThat(GroupMember.shows(new GroupControl.Pause(0), transport)).isFalse();
        state.put("paused", true);
        assertThat(GroupMember.shows(new GroupControl.Pause(0), transport)).isTrue();
        assertThat(GroupMember.shows(new GroupControl.Resume(0), transport)).isFalse();

        assertThat(GroupMember.shows(new GroupControl.Seek(0, 180_000), transport)).isFalse();
        state.put("pendingSeek", OptionalLong.of(180_000));
        assertThat(GroupMember.shows(new GroupControl.Seek(0, 180_000), transport)).as("held while paused").isTrue();
        state.put("pendingSeek", OptionalLong.empty());
        state.put("position", 180_500L);
        assertThat(GroupMember.shows(new GroupControl.Seek(0, 180_000), transport)).as("played from").isTrue();

        assertThat(GroupMember.shows(new GroupControl.Speed(0, 2), transport)).isFalse();
        state.put("speed", 2.0);
        assertThat(GroupMember.shows(new GroupControl.Speed(0, 2), transport)).isTrue();
        assertThat(GroupMember.shows(new GroupControl.Volume(0, 0.5), transport)).isFalse();
        state.put("volume", 0.5);
        assertThat(GroupMember.shows(new GroupControl.Volume(0, 0.5), transport)).isTrue();

        LoopRegion loop = new LoopRegion(60_000, 84_000);
        assertThat(GroupMember.shows(new GroupControl.Loop(0, loop), transport)).isFalse();
        assertThat(GroupMember.shows(new GroupControl.ClearLoop(0), transport)).isTrue();
        state.put("loop", loop);
        assertThat(GroupMember.shows(new GroupControl.Loop(0, loop), transport)).isTrue();
        assertThat(GroupMember.shows(new GroupControl.ClearLoop(0), transport)).isFalse();
    }

    /**
     * A RESUME and a STOP 40 ms apart: without a device both land in one 50 ms follower step, so the RESUME is never
     * seen playing. Its check must still be logged (as not applied) and the session stopped only after STOP's check,
     * as the daemon's session end closes the member and once dropped the checks still waiting.
     */
    @Test
    void controlsCloseTogetherAreEachReportedOnceBeforeTheStop() throws Exception {
        SessionBuffer buffer = new SessionBuffer(360_000);
        buffer.appendSamples(new int[360_000], 0, 360_000);
        buffer.endOfSession();
        PlaybackEngine engine = new PlaybackEngine(EngineSettings.defaults(100), buffer, new NullOutput(true));
        FleetClock clock = FleetClock.wall();
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        GroupMember[] member = new GroupMember[1];
        StationControls controls = new StationControls(Transport.of(engine), new SessionClock(Instant.EPOCH, 100,
                441), Duration.ofSeconds(10), () -> { });
        GroupPlayback playback = GroupPlayback.follow(engine, clock, 360_000, log::add);
        member[0] = new GroupMember(UUID.randomUUID(), controls, playback, clock, () -> {
            log.add("stopped");
            member[0].close(); // what the daemon's session end does
            stopped.countDown();
        }, log::add);
        try {
            engine.start();
            long now = clock.fleetNanos();
            member[0].start(now + 20_000_000L);
            member[0].apply(group(now + 200_000_000L, new PlaybackControl.Pause()));
            member[0].apply(group(now + 400_000_000L, new PlaybackControl.Resume()));
            member[0].apply(group(now + 440_000_000L, new PlaybackControl.Stop()));
            assertThat(stopped.await(10, TimeUnit.SECONDS)).as("stopped; log %s", log).isTrue();
        } finally {
            member[0].close();
            engine.close();
        }
        List<String> due = log.stream().filter(l -> l.contains(" due ")).map(l -> l.substring(0, l.indexOf(' ')))
                .toList();
        assertThat(due).as("log %s", log).containsExactly("START", "PAUSE", "RESUME", "STOP");
        assertThat(log.indexOf("stopped")).as("log %s", log).isGreaterThan(indexOf(log, "STOP due "));
        assertThat(log.get(indexOf(log, "STOP due "))).contains(": paused at ");
    }

    private static PlaybackControl group(long atNanos, PlaybackControl.Command command) {
        return PlaybackControl.forGroup("hall", UUID.nameUUIDFromBytes(new byte[] {1}), 0, atNanos, command);
    }

    private static int indexOf(List<String> log, String prefix) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
