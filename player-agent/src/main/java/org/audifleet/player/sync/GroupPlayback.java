package org.audifleet.player.sync;

import java.util.function.Consumer;
import org.audifleet.player.engine.PlaybackEngine;

/**
 * One group session on one station: holds the group's {@link GroupTimeline}, turns each {@link GroupControl}'s fleet
 * instant into the output frame heard at that instant and schedules it on the engine, and steers the engine's rate
 * with a {@link RateServo} so its output stays on the timeline. CONTRACT STUB (issue 14): the engine-side helper
 * replaces the body; the signatures are what the daemon's wiring calls.
 */
public final class GroupPlayback implements AutoCloseable {

    private final PlaybackEngine engine;
    private final FleetClock clock;
    private final Consumer<String> notices;

    private GroupPlayback(PlaybackEngine engine, FleetClock clock, Consumer<String> notices) {
        this.engine = engine;
        this.clock = clock;
        this.notices = notices;
    }

    /**
     * Follows a group session on {@code engine} (built, not necessarily started); the engine plays nothing until the
     * group's Start instant. {@code sessionSamples}: the session's length in source samples.
     */
    public static GroupPlayback follow(PlaybackEngine engine, FleetClock clock, long sessionSamples,
            Consumer<String> notices) {
        return new GroupPlayback(engine, clock, notices);
    }

    /** Adds a control to the timeline (any order, any thread) and schedules what it changes on the engine. */
    public void apply(GroupControl control) {
        throw new UnsupportedOperationException("issue 14: GroupPlayback not built yet");
    }

    /** The status now, from any thread. */
    public SyncStatus status() {
        return SyncStatus.NONE;
    }

    @Override
    public void close() {
    }
}
