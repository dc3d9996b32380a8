package org.audifleet.player.group;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.audifleet.player.engine.LoopRegion;
import org.audifleet.player.station.ControlDispatcher;
import org.audifleet.player.station.SessionClock;
import org.audifleet.player.station.StationControls;
import org.audifleet.player.station.Transport;
import org.audifleet.player.sync.FleetClock;
import org.audifleet.player.sync.GroupControl;
import org.audifleet.player.sync.GroupPlayback;
import org.audifleet.player.sync.SyncStatus;
import org.audifleet.wire.PlaybackControl;
import org.audifleet.wire.StationAnnouncement;

/**
 * A daemon's part of one group session: its own session wrapped in {@link GroupPlayback}, which takes each group
 * control at its fleet instant. Each control is also looked for on the engine from {@link #CHECK_AFTER_NANOS} after
 * its instant, and what the engine shows logged once it shows it ("PAUSE due ...: paused at 00:12:30.000 (checked
 * +50.3 ms after it)"), so a run shows what every member did and about when. A group STOP pauses at its instant and
 * then, once its check is logged, stops the session; a check still waiting when the member closes is logged then, as
 * not applied (a later control took its field first), so no control goes unreported.
 */
public final class GroupMember implements ControlDispatcher.GroupPart, AutoCloseable {

    /** How long after a control's instant its effect is looked at: the engine takes it within a period or two. */
    static final long CHECK_AFTER_NANOS = 50_000_000L;
    /** How long a check waits for the effect before it says it is not there (a loaded machine's timer threads lag). */
    static final long CHECK_FOR_NANOS = 5_000_000_000L;

    private final UUID session;
    private final StationControls controls;
    private final SessionClock clock;
    private final GroupPlayback playback;
    private final FleetClock fleet;
    private final Runnable stop;
    private final Consumer<String> log;
    /** Checks not yet logged: each is logged exactly once, by the timer or by {@link #close()}. */
    private final Set<Check> pending = ConcurrentHashMap.newKeySet();
    private final AtomicLong checks = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "group-member");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param stop stops the member's session (a group STOP, at its instant)
     * @param log where the checks go, one line each
     */
    public GroupMember(UUID session, StationControls controls, GroupPlayback playback, FleetClock fleet,
            Runnable stop, Consumer<String> log) {
        this.session = session;
        this.controls = controls;
        this.clock = controls.clock();
        this.playback = playback;
        this.fleet = fleet;
        this.stop = stop;
        this.log = log;
    }

    /**
     * Starts the group session at {@code atNanos} from its first sample, and logs when the position first moves
     * after it: how late this member's first audio was against the group's start (what the PLAY's lead must cover).
     */
    public String start(long atNanos) {
        String note = schedule(new GroupControl.Start(atNanos, 0), "START");
        long from = Math.max(0, delayNanos(atNanos));
        java.util.concurrent.ScheduledFuture<?>[] watch = new java.util.concurrent.ScheduledFuture<?>[1];
        watch[0] = timer.scheduleAtFixedRate(() -> {
            long late = fleet.fleetNanos() - atNanos;
            if (controls.transport().position() > 0 || late > 60_000_000_000L) {
                log.accept(String.format(Locale.ROOT, "START %s: first audio %s %.0f ms after the start instant",
                        FleetInstant.format(atNanos), controls.transport().position() > 0 ? "within" : "not yet,",
                        late / 1e6));
                watch[0].cancel(false);
            }
        }, from, 5_000_000L, TimeUnit.NANOSECONDS);
        return note;
    }

    @Override
    public UUID session() {
        return session;
    }

    @Override
    public StationControls controls() {
        return controls;
    }

    @Override
    public String apply(PlaybackControl control) {
        if (control.command() instanceof PlaybackControl.Stop) {
            schedule(new GroupControl.Pause(control.atNanos()), "STOP", stop);
            return "STOP scheduled at " + FleetInstant.format(control.atNanos());
        }
        GroupControl g;
        try {
            g = GroupControls.of(control, clock);
        } catch (IllegalArgumentException e) {
            return "ignored " + control.command().kind() + ": " + e.getMessage();
        }
        return schedule(g, control.command().kind().toString());
    }

    private String schedule(GroupControl g, String kind) {
        return schedule(g, kind, null);
    }

    /** Applies {@code g}, checks it after its instant, then runs {@code then} (or nothing) on the timer. */
    private String schedule(GroupControl g, String kind, Runnable then) {
        playback.apply(g);
        long delay = delayNanos(g.at());
        Check c = new Check(checks.incrementAndGet(), g, kind, then);
        pending.add(c);
        try {
            timer.schedule(() -> check(c, System.nanoTime() + CHECK_FOR_NANOS), Math.max(0, delay
                    + CHECK_AFTER_NANOS), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            finish(c, "member closed");
        }
        return kind + " scheduled at " + FleetInstant.format(g.at()) + String.format(Locale.ROOT, " (%+.0f ms from now)",
                delay / 1e6);
    }

    /**
     * One control's check: what it looks for, and what runs once it is logged; {@code id} makes each one its own (a
     * control replayed twice is two checks).
     */
    private record Check(long id, GroupControl control, String kind, Runnable then) {
    }

    /** Logs what the engine shows of the control once it shows it (or at {@code until}, saying it does not yet). */
    private void check(Check c, long until) {
        if (!pending.contains(c)) {
            return;
        }
        if (!shows(c.control(), controls.transport()) && System.nanoTime() < until) {
            try {
                timer.schedule(() -> check(c, until), 10, TimeUnit.MILLISECONDS);
                return;
            } catch (RejectedExecutionException closed) {
                // closing: logged below
            }
        }
        finish(c, "not applied yet");
        if (c.then() != null) {
            c.then().run();
        }
    }

    /** Logs {@code c} once (whichever thread gets here first); {@code unapplied}: the note if it does not show. */
    private void finish(Check c, String unapplied) {
        if (!pending.remove(c)) {
            return;
        }
        Transport t = controls.transport();
        boolean shows = shows(c.control(), t);
        log.accept(c.kind() + " due " + FleetInstant.format(c.control().at()) + ": " + observed(c.control(), t) + " ("
                + lateness(c.control().at()) + (shows ? "" : ", " + unapplied) + ")");
    }

    /** Whether the engine's control fields hold {@code g} now. */
    static boolean shows(GroupControl g, Transport t) {
        if (g instanceof GroupControl.Start || g instanceof GroupControl.Resume) {
            return !t.paused();
        } else if (g instanceof GroupControl.Pause) {
            return t.paused();
        } else if (g instanceof GroupControl.Seek s) {
            return t.pendingSeek().orElse(-1) == s.position() || t.position() >= s.position();
        } else if (g instanceof GroupControl.Speed s) {
            return t.speed() == s.multiplier();
        } else if (g instanceof GroupControl.Volume v) {
            return t.volume() == v.volume();
        } else if (g instanceof GroupControl.Loop l) {
            return l.region().equals(t.loop());
        }
        return t.loop() == null;
    }

    private long delayNanos(long at) {
        return fleet.toLocal(at) - fleet.localNanos();
    }

    private String lateness(long at) {
        return String.format(Locale.ROOT, "checked %+.1f ms after it", (fleet.fleetNanos() - at) / 1e6);
    }

    /** What the engine shows of {@code g} now. */
    String observed(GroupControl g, Transport t) {
        // A seek while paused is played when the engine resumes: until then its target is where the member is.
        java.util.OptionalLong pending = t.pendingSeek();
        String where = (t.paused() ? "paused at " : "playing at ") + position(pending.orElse(t.position()))
                + (pending.isPresent() ? " (seek pending)" : "");
        if (g instanceof GroupControl.Speed) {
            return where + String.format(Locale.ROOT, ", speed %.2f", t.speed());
        } else if (g instanceof GroupControl.Volume) {
            return where + String.format(Locale.ROOT, ", volume %.2f", t.volume());
        } else if (g instanceof GroupControl.Loop || g instanceof GroupControl.ClearLoop) {
            LoopRegion loop = t.loop();
            return where + (loop == null ? ", no loop" : ", loop " + position(loop.from()) + "-" + position(loop.to()));
        }
        return where;
    }

    private String position(long samples) {
        return GroupStatusLine.position(Math.round(clock.secondsOf(samples) * 1e6));
    }

    /** The member's sync figures now. */
    public SyncStatus status() {
        return playback.status();
    }

    /** A member's figures as its announcements carry them. */
    public static StationAnnouncement.Sync announced(UUID groupSession, SyncStatus s) {
        return new StationAnnouncement.Sync(groupSession == null ? StationAnnouncement.Sync.NO_SESSION : groupSession,
                s.offsetNanos(), Math.max(0, s.uncertaintyNanos()), s.playoutErrorNanos(), s.correctionPpm(),
                Math.max(0, s.resyncs()), Math.max(0, s.deviceLatencyNanos()));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (Check c : List.copyOf(pending)) {
            finish(c, "not applied when the session ended");
        }
        playback.close();
    }
}
