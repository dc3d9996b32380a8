package org.audifleet.player.group;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.audifleet.player.engine.LoopRegion;
import org.audifleet.player.station.SessionClock;
import org.audifleet.player.sync.GroupControl;
import org.audifleet.wire.PlaybackControl;

/**
 * A group's wire control as the {@link GroupControl} its member's {@code GroupPlayback} applies at the control's
 * fleet instant. Data-time positions become sample indices at the stream's rate, as {@link SessionClock} has it (the
 * stream's own once its first block arrived); PLAY and STOP are the member's session's business, not a control.
 */
public final class GroupControls {

    private GroupControls() {
    }

    /** The control, or throws IllegalArgumentException for PLAY, STOP and what no group takes. */
    public static GroupControl of(PlaybackControl control, SessionClock clock) {
        long at = control.atNanos();
        PlaybackControl.Command c = control.command();
        if (c instanceof PlaybackControl.Pause) {
            return new GroupControl.Pause(at);
        } else if (c instanceof PlaybackControl.Resume) {
            return new GroupControl.Resume(at);
        } else if (c instanceof PlaybackControl.Seek s) {
            return new GroupControl.Seek(at, s.sample());
        } else if (c instanceof PlaybackControl.SeekTime s) {
            return new GroupControl.Seek(at, samples(s.to(), clock));
        } else if (c instanceof PlaybackControl.Loop l) {
            return new GroupControl.Loop(at, new LoopRegion(l.from(), l.to()));
        } else if (c instanceof PlaybackControl.LoopTime l) {
            long from = samples(l.from(), clock);
            // Two data times closer than a sample apart still loop over one sample, as a station's own loop does.
            return new GroupControl.Loop(at, new LoopRegion(from, Math.max(from + 1, samples(l.to(), clock))));
        } else if (c instanceof PlaybackControl.ClearLoop) {
            return new GroupControl.ClearLoop(at);
        } else if (c instanceof PlaybackControl.Speed s) {
            return new GroupControl.Speed(at, s.multiplier());
        } else if (c instanceof PlaybackControl.Volume v) {
            return new GroupControl.Volume(at, v.volume());
        }
        throw new IllegalArgumentException(c.kind() + " is not a group timeline control");
    }

    private static long samples(PlaybackControl.Position p, SessionClock clock) {
        if (p.relative()) { // the wire refuses these in a group control; kept here so no caller can slip one in
            throw new IllegalArgumentException("a group position is from the window's start");
        }
        return clock.samplesOf(Duration.of(p.micros(), ChronoUnit.MICROS));
    }
}
