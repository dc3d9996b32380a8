package org.audifleet.player.group;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.audifleet.player.engine.LoopRegion;
import org.audifleet.player.station.Transport;
import org.audifleet.player.sync.GroupControl;
import org.junit.jupiter.api.Test;

/** When a member's check counts a group control as applied: what the engine's control fields hold. */
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
}
