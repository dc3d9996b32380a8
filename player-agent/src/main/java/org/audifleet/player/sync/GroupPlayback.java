package org.audifleet.player.sync;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.audifleet.player.engine.PlaybackEngine;

/**
 * One group session on one station: holds the group's {@link GroupTimeline}, turns each {@link GroupControl}'s fleet
 * instant into the output frame heard at that instant and schedules it on the engine, and steers the engine's rate
 * with a {@link RateServo} so its output stays on the timeline.
 *
 * <p>CONTRACT STUB (issue 14): this body applies each control on a timer thread when the station's clock reaches
 * its instant (milliseconds off, no servo, no device latency); the engine-side work replaces it. The signatures are
 * what the daemon's wiring calls. Until the Start instant the engine is paused.
 */
public final class GroupPlayback implements AutoCloseable {

    private final PlaybackEngine engine;
    private final FleetClock clock;
    private final Consumer<String> notices;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "group-playback");
        t.setDaemon(true);
        return t;
    });

    private GroupPlayback(PlaybackEngine engine, FleetClock clock, Consumer<String> notices) {
        this.engine = engine;
        this.clock = clock;
        this.notices = notices;
        engine.pause();
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
        long delayNanos = clock.toLocal(control.at()) - clock.localNanos();
        timer.schedule(() -> applyNow(control), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    private void applyNow(GroupControl control) {
        if (control instanceof GroupControl.Start s) {
            if (s.position() > 0) {
                engine.seek(s.position());
            }
            engine.resume();
        } else if (control instanceof GroupControl.Pause) {
            engine.pause();
        } else if (control instanceof GroupControl.Resume) {
            engine.resume();
        } else if (control instanceof GroupControl.Seek s) {
            engine.seek(s.position());
        } else if (control instanceof GroupControl.Speed s) {
            engine.setSpeed(s.multiplier());
        } else if (control instanceof GroupControl.Volume v) {
            engine.setVolume(v.volume());
        } else if (control instanceof GroupControl.Loop l) {
            engine.setLoop(l.region().from(), l.region().to());
        } else if (control instanceof GroupControl.ClearLoop) {
            engine.clearLoop();
        }
    }

    /** The status now, from any thread. */
    public SyncStatus status() {
        return new SyncStatus(clock.offsetNanos(), clock.uncertaintyNanos(), clock.driftPpm(), 0, 0, 0, 0);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
