package org.audifleet.player.sync;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.audifleet.player.engine.EngineState;
import org.audifleet.player.engine.LoopRegion;
import org.audifleet.player.engine.PlaybackEngine;
import org.audifleet.player.engine.Playhead;
import org.audifleet.player.engine.ScheduledChange;
import org.audifleet.player.output.PlayoutReadings;
import org.audifleet.player.output.PlayoutReadings.PlayoutReading;

/**
 * One group session on one station: holds the group's {@link GroupTimeline}, turns each {@link GroupControl}'s fleet
 * instant into the output frame heard at that instant and schedules it on the engine
 * ({@link PlaybackEngine#schedule}), and steers the engine's rate with a {@link RateServo} so its output stays on the
 * timeline. A follower thread (20 Hz) learns when each frame is heard ({@link DeviceTiming}, from the output's
 * readings; {@link ClockBridge} between the fleet clock's wall time and the monotonic one), schedules the controls
 * coming due, measures the playout error and sets the correction; a station whose controls came too late for
 * their frame (a late joiner, a slow hop), whose device's timeline jumped (a dropout), or whose error stayed past
 * {@link #REALIGN_SECONDS} rejoins: at a frame a little ahead it takes the timeline's whole state there (position,
 * playing, speed, volume, loop). Design and measured
 * figures in player-agent/SYNC.md.
 *
 * <p>Until the group's Start the engine writes silence to the device (so the device runs and its timing is learnt).
 * The timeline needs the session's rate, which the engine learns from the first block: controls are kept until then.
 */
public final class GroupPlayback implements AutoCloseable {

    /** The follower's step: 20 a second. */
    static final long FOLLOW_NANOS = 50_000_000L;
    /**
     * Controls are scheduled once their frame comes within this of the render thread's: the frame is fixed from the
     * device's timing then, and the fitted rate still moves by up to a few hundred ppm in the first seconds. At 1 s
     * the group's Start landed 0.3-0.8 ms off the station's own later timing (traced on both stations of
     * GroupSyncIntegrationTests, one run: the group 1.66 ms apart at the start); at 0.3 s, 0.02-0.15 ms (two runs).
     */
    static final long HORIZON_NANOS = 300_000_000L;
    /** A control whose frame is nearer than this to the render thread's, or behind it, is late: the station rejoins. */
    static final long MIN_AHEAD_NANOS = 25_000_000L;
    /** How far ahead of the render thread a rejoin lands: room for the follower to be preempted. */
    static final long REJOIN_AHEAD_NANOS = 80_000_000L;
    /**
     * An error past this, {@value #REALIGN_COUNT} measurements in a row, is a device that lost time (a dropout: the
     * line ran dry, every later frame is heard late) rather than drift: the station rejoins (a 10 ms crossfade)
     * instead of steering it out at the servo's bound. Below it, the servo steers.
     */
    static final double REALIGN_SECONDS = 0.001;
    static final int REALIGN_COUNT = 3;
    /** No playout error is measured this soon after a control's instant: its ramp or crossfade is still heard. */
    static final long SETTLE_NANOS = 60_000_000L;
    /**
     * What the sound server holds after the position Java Sound reports, measured on the PulseAudio null sink
     * against a recording of its monitor (SYNC.md, "Device latency"): the heard frame is this much behind it.
     */
    static final long SERVER_LATENCY_NANOS = 0;

    private final PlaybackEngine engine;
    private final FleetClock clock;
    private final long sessionSamples;
    private final Consumer<String> notices;
    private final ClockBridge bridge;
    private final DeviceTiming timing;
    private final RateServo servo = new RateServo(ServoSettings.DEFAULT);
    private final List<GroupControl> received = new ArrayList<>();
    /** Controls on the timeline not yet scheduled on the engine, by instant. */
    private final List<GroupControl> unscheduled = new ArrayList<>();
    /** Changes scheduled and not yet applied, with the frame each must land on. */
    private final List<ScheduledChange> inFlight = new ArrayList<>();
    private GroupTimeline timeline;
    private double samplesPerSecond;
    private long lastServoNanos;
    private long nextReading;
    private int restartsSeen;
    private int pastRealign;
    private boolean rejoinWanted;
    /** No error is measured on frames before this one: a rejoin is still on its way to the output. */
    private long settledFrom;
    private Thread follower;
    private volatile boolean closed;
    private volatile long playoutErrorNanos;
    private volatile double correctionPpm;
    private volatile int resyncs;
    private volatile int rejoins;
    private volatile long deviceLatencyNanos;

    GroupPlayback(PlaybackEngine engine, FleetClock clock, long sessionSamples, Consumer<String> notices,
            LongSupplier monotonic, long serverLatencyNanos) {
        if (sessionSamples <= 0) {
            throw new IllegalArgumentException("a group session needs its length in samples, got " + sessionSamples);
        }
        this.engine = engine;
        this.clock = clock;
        this.sessionSamples = sessionSamples;
        this.notices = notices;
        this.bridge = new ClockBridge(monotonic, clock::localNanos);
        this.timing = new DeviceTiming(engine.settings().deviceRate(), serverLatencyNanos);
        engine.pause();
        engine.silenceBeforeData(true);
    }

    /**
     * Follows a group session on {@code engine} (built, not necessarily started); the engine plays nothing until the
     * group's Start instant. {@code sessionSamples}: the session's length in source samples.
     */
    public static GroupPlayback follow(PlaybackEngine engine, FleetClock clock, long sessionSamples,
            Consumer<String> notices) {
        GroupPlayback g = new GroupPlayback(engine, clock, sessionSamples, notices, System::nanoTime,
                SERVER_LATENCY_NANOS);
        Thread t = new Thread(g::followLoop, "group-follower");
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY - 1); // its readings pair two clocks: less preemption, tighter pairs
        g.follower = t;
        t.start();
        return g;
    }

    private void followLoop() {
        long next = System.nanoTime();
        while (!closed) {
            try {
                step();
            } catch (RuntimeException e) {
                notices.accept("group playback: " + e.getMessage());
            }
            next += FOLLOW_NANOS;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            } else {
                next = System.nanoTime();
            }
        }
    }

    /** Adds a control to the timeline (any order, any thread) and schedules what it changes on the engine. */
    public synchronized void apply(GroupControl control) {
        received.add(control);
        if (timeline != null) {
            timeline.add(control);
            insertByInstant(unscheduled, control);
            scheduleDue(false);
        }
    }

    /** One follower step: learn the device and clocks, schedule what comes due, steer. */
    synchronized void step() {
        if (closed || engine.state() == EngineState.FINISHED) {
            return;
        }
        bridge.refresh();
        for (PlayoutReading r : engine.output().playout().since(nextReading)) {
            timing.add(r.nanos(), r.written(), r.played());
            nextReading = r.index() + 1;
        }
        timing.fit();
        if (timing.restarts() != restartsSeen) {
            restartsSeen = timing.restarts();
            rejoinWanted = true; // the device's timeline jumped: what was scheduled on the old one lands wrong
        }
        deviceLatencyNanos = timing.latencyNanos();
        if (timeline == null && (engine.buffer().available() > 0 || engine.buffer().complete())) {
            samplesPerSecond = engine.sourceRate() * engine.settings().baseSpeed();
            timeline = new GroupTimeline(samplesPerSecond, sessionSamples);
            for (GroupControl c : received) {
                timeline.add(c);
                insertByInstant(unscheduled, c);
            }
        }
        if (engine.output().playout() == PlayoutReadings.NONE) {
            applyByClock();
            return;
        }
        checkApplied();
        scheduleDue(true);
        steer();
    }

    /**
     * An output without a device (a file, a capture, the null output) says nothing about when a frame is heard:
     * each control applies at the next period once the station's clock reaches its instant, as late as the
     * follower's step (50 ms), and nothing is steered.
     */
    private void applyByClock() {
        if (timeline == null || !clock.ready()) {
            return;
        }
        long now = clock.localNanos();
        for (Iterator<GroupControl> it = unscheduled.iterator(); it.hasNext();) {
            GroupControl c = it.next();
            if (clock.toLocal(c.at()) > now) {
                break;
            }
            it.remove();
            engine.schedule(0, changeFor(c));
        }
    }

    private boolean canSchedule() {
        return timeline != null && timing.ready() && clock.ready();
    }

    /**
     * Schedules the controls whose frames come within the horizon; a late one makes the station rejoin, from the
     * follower's step only ({@code mayRejoin}), so a burst of late controls (a late joiner's replay) is one rejoin.
     */
    private void scheduleDue(boolean mayRejoin) {
        if (!canSchedule()) {
            return;
        }
        long rendered = engine.playhead().frame();
        double framesPerNano = timing.rate() / 1e9;
        long horizon = rendered + Math.round(HORIZON_NANOS * framesPerNano);
        long minAhead = rendered + Math.round(MIN_AHEAD_NANOS * framesPerNano);
        for (Iterator<GroupControl> it = unscheduled.iterator(); it.hasNext() && !rejoinWanted;) {
            GroupControl c = it.next();
            long heard = Math.round(frameHeardAt(c.at()));
            long target = heard - leadFrames(c);
            if (target > horizon) {
                break;
            }
            it.remove();
            if (target < minAhead) {
                rejoinWanted = true; // its frame has been rendered, or nearly: take the whole state a bit later
                break;
            }
            ScheduledChange change = changeFor(c);
            engine.schedule(target, change);
            inFlight.add(change);
        }
        if (rejoinWanted && mayRejoin) {
            rejoin(rendered + Math.round(REJOIN_AHEAD_NANOS * framesPerNano));
        }
    }

    /** Starts a change early by what the engine takes to do it, so it is complete as the timeline has it. */
    private long leadFrames(GroupControl c) {
        if (c instanceof GroupControl.Pause) {
            return engine.holdFadeFrames(); // the position holds where the fade ends: at the instant
        }
        if (c instanceof GroupControl.Speed) {
            return engine.speedRampFrames() / 2; // a linear ramp centred on the instant moves as an instant change
        }
        return 0;
    }

    private static ScheduledChange changeFor(GroupControl c) {
        ScheduledChange change = ScheduledChange.change();
        if (c instanceof GroupControl.Start s) {
            return change.seek(s.position()).resume();
        } else if (c instanceof GroupControl.Pause) {
            return change.pause();
        } else if (c instanceof GroupControl.Resume) {
            return change.resume();
        } else if (c instanceof GroupControl.Seek s) {
            return change.seek(s.position());
        } else if (c instanceof GroupControl.Speed s) {
            return change.speed(s.multiplier());
        } else if (c instanceof GroupControl.Volume v) {
            return change.volume(v.volume());
        } else if (c instanceof GroupControl.Loop l) {
            return change.loop(l.region());
        } else {
            return change.clearLoop();
        }
    }

    /**
     * At output frame {@code frame}, takes the timeline's whole state at the instant that frame is heard; the
     * controls up to that instant are in it. Paused there: the fade starts early so the position holds on it.
     */
    private void rejoin(long frame) {
        rejoinWanted = false;
        long at = fleetWhenHeard(frame);
        unscheduled.removeIf(c -> c.at() <= at);
        GroupPosition p = timeline.at(at);
        ScheduledChange state = ScheduledChange.change().speed(p.speed()).volume(p.volume());
        LoopRegion loop = p.loop();
        if (loop != null) {
            state.loop(loop);
        } else {
            state.clearLoop();
        }
        if (p.playing()) {
            engine.schedule(frame, state.seek(Math.round(p.position())).resume());
            inFlight.add(state);
        } else {
            engine.schedule(frame - engine.holdFadeFrames(), state.pause());
            inFlight.add(state);
            if (p.started()) {
                ScheduledChange seek = ScheduledChange.change().seek(Math.round(p.position()));
                engine.schedule(frame, seek);
                inFlight.add(seek);
            }
        }
        settledFrom = frame + Math.round(SETTLE_NANOS * timing.rate() / 1e9);
        rejoins++;
    }

    /** A change that landed later than its frame (the render thread was there first) makes the station rejoin. */
    private void checkApplied() {
        for (Iterator<ScheduledChange> it = inFlight.iterator(); it.hasNext();) {
            ScheduledChange c = it.next();
            long applied = c.appliedAt();
            if (applied >= 0) {
                it.remove();
                if (applied > c.frame()) {
                    rejoinWanted = true;
                }
            }
        }
    }

    /** Measures the playout error at the frame heard now and steers; a resync past the servo's threshold. */
    private void steer() {
        if (!canSchedule()) {
            return;
        }
        Playhead ph = engine.playhead();
        long now = bridge.monotonicNow();
        long frame = (long) Math.floor(timing.heardFrameAt(now));
        double enginePosition = frame < settledFrom ? Double.NaN : ph.positionAt(frame);
        if (Double.isNaN(enginePosition)) {
            lastServoNanos = 0;
            return; // a change, ramp, fade or crossfade is still being heard
        }
        long at = fleetWhenHeard(frame);
        GroupPosition group = timeline.at(at);
        if (!group.playing() || timeline.nextControlAfter(at - SETTLE_NANOS) <= at) {
            lastServoNanos = 0;
            return;
        }
        double error = enginePosition - group.position();
        LoopRegion loop = group.loop();
        if (loop != null) { // the two may sit on either side of the wrap
            double length = loop.to() - loop.from();
            error -= length * Math.rint(error / length);
        }
        double errorSeconds = error / (samplesPerSecond * group.speed());
        double dt = lastServoNanos == 0 ? FOLLOW_NANOS / 1e9 : Math.min(1.0, (now - lastServoNanos) / 1e9);
        lastServoNanos = now;
        servo.update(errorSeconds, dt);
        engine.setRateCorrection(servo.ratio());
        playoutErrorNanos = Math.round(errorSeconds * 1e9);
        correctionPpm = servo.correctionPpm();
        // The servo's own resync (past 20 ms) waits for the same confirmation: one reading taken across a dropout
        // is not the device's new timeline yet.
        pastRealign = Math.abs(errorSeconds) > REALIGN_SECONDS ? pastRealign + 1 : 0;
        if (pastRealign >= REALIGN_COUNT) {
            resyncs++;
            pastRealign = 0;
            notices.accept(String.format("group playback: %.2f ms off the group's timeline: resyncing",
                    errorSeconds * 1e3));
            rejoin(ph.frame() + Math.round(REJOIN_AHEAD_NANOS * timing.rate() / 1e9));
        }
    }

    /** The output frame heard at fleet instant {@code fleetNanos} (fractional). */
    private double frameHeardAt(long fleetNanos) {
        return timing.heardFrameAt(bridge.toMonotonic(clock.toLocal(fleetNanos)));
    }

    /** The fleet instant output frame {@code frame} is heard at. */
    private long fleetWhenHeard(long frame) {
        return clock.toFleet(bridge.toWall(timing.heardAt(frame)));
    }

    private static void insertByInstant(List<GroupControl> list, GroupControl c) {
        int i = list.size();
        while (i > 0 && list.get(i - 1).at() > c.at()) {
            i--;
        }
        list.add(i, c);
    }

    /** The status now, from any thread. */
    public SyncStatus status() {
        return new SyncStatus(clock.offsetNanos(), clock.uncertaintyNanos(), clock.driftPpm(), playoutErrorNanos,
                correctionPpm, resyncs, deviceLatencyNanos);
    }

    /** Times the station took the timeline's whole state because a control came too late for its frame. */
    public int rejoins() {
        return rejoins;
    }

    @Override
    public void close() {
        closed = true;
        Thread t = follower;
        if (t != null) {
            java.util.concurrent.locks.LockSupport.unpark(t);
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
