package org.audifleet.player.sync;

import java.util.ArrayList;
import java.util.List;
import org.audifleet.player.engine.LoopRegion;

/**
 * The group session's timeline: fleet time to session position, piecewise linear between the scheduled
 * {@link GroupControl}s (flat while paused, at {@code samplesPerSecond × speed} while playing, wrapping inside a
 * loop, stopping at the session's end). Every member holds the same controls, so every member, a late joiner too,
 * computes the same position for the same fleet instant. Controls may arrive out of order (two controllers, a
 * replay for a late joiner): they are kept sorted by instant, and among equal instants in the order they came.
 * Not thread-safe: one thread adds controls; readers take {@link #at} results, which are immutable.
 */
final class GroupTimeline {

    private final double samplesPerSecond;
    private final long length;
    private final List<GroupControl> controls = new ArrayList<>();
    private final List<GroupPosition> after = new ArrayList<>();

    /**
     * @param samplesPerSecond session samples per second of output at speed 1: the source rate times the base speed
     *     (100 Hz × 441 = 44,100), as {@code station/SessionClock} has them
     * @param length the session's samples: the position stops there
     */
    GroupTimeline(double samplesPerSecond, long length) {
        if (!(samplesPerSecond > 0) || Double.isInfinite(samplesPerSecond) || length <= 0) {
            throw new IllegalArgumentException("samples per second and length must be positive: " + samplesPerSecond
                    + ", " + length);
        }
        this.samplesPerSecond = samplesPerSecond;
        this.length = length;
    }

    /** Adds a control; the timeline from its instant on changes, before it stays. */
    void add(GroupControl control) {
        int i = controls.size();
        while (i > 0 && controls.get(i - 1).at() > control.at()) {
            i--;
        }
        controls.add(i, control);
        after.subList(i, after.size()).clear();
        for (int k = i; k < controls.size(); k++) {
            GroupPosition before = k == 0 ? null : extrapolate(after.get(k - 1), controls.get(k - 1).at(),
                    controls.get(k).at());
            after.add(apply(before, controls.get(k)));
        }
    }

    /** The group session at fleet instant {@code fleetNanos}. */
    GroupPosition at(long fleetNanos) {
        int lo = 0;
        int hi = controls.size();
        while (lo < hi) { // the first control after the instant
            int mid = (lo + hi) >>> 1;
            if (controls.get(mid).at() <= fleetNanos) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo == 0) {
            return new GroupPosition(0, false, false, 1, 1, null);
        }
        return extrapolate(after.get(lo - 1), controls.get(lo - 1).at(), fleetNanos);
    }

    /** The instant of the next control after {@code fleetNanos}, or {@link Long#MAX_VALUE}: when to look again. */
    long nextControlAfter(long fleetNanos) {
        for (GroupControl c : controls) {
            if (c.at() > fleetNanos) {
                return c.at();
            }
        }
        return Long.MAX_VALUE;
    }

    private GroupPosition extrapolate(GroupPosition from, long fromNanos, long toNanos) {
        if (!from.playing() || toNanos == fromNanos) {
            return from;
        }
        double p = from.position() + samplesPerSecond * from.speed() * ((toNanos - fromNanos) / 1e9);
        LoopRegion loop = from.loop();
        if (loop != null && from.position() < loop.to() && p >= loop.to()) {
            p = loop.from() + (p - loop.to()) % (loop.to() - loop.from());
        }
        if (p >= length) {
            return new GroupPosition(length, true, false, from.speed(), from.volume(), loop);
        }
        return new GroupPosition(p, true, true, from.speed(), from.volume(), loop);
    }

    private GroupPosition apply(GroupPosition s, GroupControl control) {
        if (control instanceof GroupControl.Start start) {
            double speed = s == null ? 1 : s.speed();
            double volume = s == null ? 1 : s.volume();
            return within(start.position(), true, speed, volume, s == null ? null : s.loop());
        }
        GroupPosition now = s != null ? s : new GroupPosition(0, false, false, 1, 1, null);
        // Before the start only speed, volume and loop are remembered; the start sets the position and plays.
        boolean playing = now.playing();
        double position = now.position();
        double speed = now.speed();
        double volume = now.volume();
        LoopRegion loop = now.loop();
        if (control instanceof GroupControl.Pause) {
            playing = false;
        } else if (control instanceof GroupControl.Resume) {
            playing = now.started();
        } else if (control instanceof GroupControl.Seek seek) {
            position = seek.position();
            loop = loop != null && loop.contains(seek.position()) ? loop : null;
        } else if (control instanceof GroupControl.Speed sp) {
            speed = sp.multiplier();
        } else if (control instanceof GroupControl.Volume v) {
            volume = v.volume();
        } else if (control instanceof GroupControl.Loop l) {
            loop = l.region();
            position = position >= loop.to() ? loop.from() : position;
        } else if (control instanceof GroupControl.ClearLoop) {
            loop = null;
        }
        if (!now.started()) {
            return new GroupPosition(0, false, false, speed, volume, loop);
        }
        return within(position, playing, speed, volume, loop);
    }

    private GroupPosition within(double position, boolean playing, double speed, double volume, LoopRegion loop) {
        double p = Math.min(position, length);
        return new GroupPosition(p, true, playing && p < length, speed, volume, loop);
    }
}
