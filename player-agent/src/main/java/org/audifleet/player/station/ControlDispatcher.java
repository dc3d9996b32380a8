package org.audifleet.player.station;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.audifleet.signal.Detrend;
import org.audifleet.wire.PlaybackControl;

/**
 * Decides what a station running {@code player-agent daemon} does with each {@link PlaybackControl}: PLAY starts a
 * session (stopping the one playing), STOP stops it, the others steer it through {@link StationControls} (so they
 * get the same limits as keys). A control is for this station when it names it or names no station, and for the
 * current session when it names it or names {@link PlaybackControl#ANY_SESSION}; anything else is ignored. A group
 * control is for this station when it names the station's group: a group PLAY starts the station's part of the group
 * session (stopping whatever plays), and the group's later controls for that session go to it
 * ({@link GroupPart#apply}), to be applied at their fleet instant.
 *
 * <p>Called from the daemon's control thread; {@link #sessionEnded} from a session's thread.
 */
public final class ControlDispatcher {

    /** Starting and stopping sessions on the station's output. */
    public interface Sessions {
        /** Starts playing and returns the new session's controls; throws with a message if it cannot. */
        StationControls start(UUID session, PlaybackControl.Play play) throws Exception;

        /**
         * Starts this station's part of the group session a group PLAY ({@code control}) starts; returns what takes
         * the group's later controls. Throws with a message if it cannot.
         */
        default GroupPart startGroup(PlaybackControl control) throws Exception {
            throw new UnsupportedOperationException("this station plays no group sessions");
        }

        /** Stops the session playing now and waits for it to let go of the output. */
        void stop(UUID session);
    }

    /** A station's part of a group session: its own session, following the group's timeline. */
    public interface GroupPart {
        /** The station's own session id. */
        UUID session();

        StationControls controls();

        /** Schedules a later group control (not PLAY) at its fleet instant; returns a note for the log. */
        String apply(PlaybackControl control);
    }

    /** What plays: a station session, or a station's part of a group session (then {@code part} is set). */
    private record Active(UUID session, StationControls controls, UUID groupSession, GroupPart part) {
        Active(UUID session, StationControls controls) {
            this(session, controls, null, null);
        }
    }

    private final String station;
    private final String group;
    private final Sessions sessions;
    // Atomic rather than under the lock: a session's thread clears it while stop() may hold the lock joining it.
    private final AtomicReference<Active> active = new AtomicReference<>();

    public ControlDispatcher(String station, Sessions sessions) {
        this(station, "", sessions);
    }

    /** A station in {@code group} ("" for none): it also takes that group's controls. */
    public ControlDispatcher(String station, String group, Sessions sessions) {
        this.station = station;
        this.group = group;
        this.sessions = sessions;
    }

    /** Applies {@code control}; returns what it did, for the log, or null when it was not for this station. */
    public synchronized String accept(PlaybackControl control) {
        if (control.isGroup()) {
            return acceptGroup(control);
        }
        if (!control.station().isEmpty() && !control.station().equals(station)) {
            return null;
        }
        if (control.command() instanceof PlaybackControl.Play play) {
            if (control.station().isEmpty()) {
                return null;
            }
            stopCurrent();
            try {
                active.set(new Active(control.sessionId(), sessions.start(control.sessionId(), play)));
                return "session " + control.sessionId() + ": playing " + play.stream() + " from origin "
                        + play.origin();
            } catch (Exception e) {
                return "session " + control.sessionId() + ": cannot play: " + e.getMessage();
            }
        }
        Active a = active.get();
        UUID current = a == null ? null : a.session();
        boolean forCurrent = control.sessionId().equals(PlaybackControl.ANY_SESSION)
                || control.sessionId().equals(current);
        if (!forCurrent) {
            return control.station().isEmpty() ? null
                    : "ignored " + control.command().kind() + " for session " + control.sessionId()
                            + (current == null ? " (nothing playing)" : " (playing " + current + ")");
        }
        if (current == null) {
            return "ignored " + control.command().kind() + ": nothing playing";
        }
        PlaybackControl.Command c = control.command();
        StationControls controls = a.controls();
        String note;
        if (c instanceof PlaybackControl.Stop) {
            stopCurrent();
            note = "stopped";
        } else if (c instanceof PlaybackControl.Seek seek) {
            note = controls.seekTo(seek.sample());
        } else if (c instanceof PlaybackControl.Loop loop) {
            note = controls.setLoop(loop.from(), loop.to());
        } else if (c instanceof PlaybackControl.ClearLoop) {
            note = controls.clearLoop();
        } else if (c instanceof PlaybackControl.Speed speed) {
            note = controls.setSpeed(speed.multiplier());
        } else if (c instanceof PlaybackControl.Volume volume) {
            note = controls.setVolume(volume.volume());
        } else if (c instanceof PlaybackControl.Pause) {
            note = controls.pause();
        } else if (c instanceof PlaybackControl.Resume) {
            note = controls.resume();
        } else if (c instanceof PlaybackControl.SeekTime seek) {
            note = controls.seekTo(seek.to());
        } else if (c instanceof PlaybackControl.LoopTime loop) {
            note = controls.setLoop(loop.from(), loop.to());
        } else if (c instanceof PlaybackControl.HighPass highPass) {
            note = controls.setHighPass(highPass.cornerHz());
        } else if (c instanceof PlaybackControl.Dc dc) {
            note = controls.setDc(switch (dc.mode()) {
                case OFF -> Detrend.Mode.NONE;
                case MEAN -> Detrend.Mode.MEAN;
                case LINEAR -> Detrend.Mode.LINEAR;
            });
        } else if (c instanceof PlaybackControl.Normalize normalize) {
            note = controls.setNormalize(normalize.on());
        } else {
            note = "ignored " + c.kind();
        }
        return "session " + current + ": " + note;
    }

    private String acceptGroup(PlaybackControl control) {
        if (group.isEmpty() || !control.group().equals(group)) {
            return null;
        }
        String kind = control.command().kind().toString();
        if (control.command() instanceof PlaybackControl.Play play) {
            stopCurrent();
            try {
                GroupPart part = sessions.startGroup(control);
                active.set(new Active(part.session(), part.controls(), control.sessionId(), part));
                return "group " + group + " session " + control.sessionId() + ": playing " + play.streamFor(station)
                        + " from origin " + play.origin() + " as session " + part.session();
            } catch (Exception e) {
                return "group " + group + " session " + control.sessionId() + ": cannot play: " + e.getMessage();
            }
        }
        Active a = active.get();
        if (a == null || a.part() == null) {
            return "ignored group " + kind + ": no group session playing";
        }
        if (!control.sessionId().equals(PlaybackControl.ANY_SESSION) && !control.sessionId().equals(a.groupSession())) {
            return "ignored group " + kind + " for group session " + control.sessionId() + " (following "
                    + a.groupSession() + ")";
        }
        return "group " + group + " session " + a.groupSession() + ": " + a.part().apply(control);
    }

    /** The group session this station follows now, or null. */
    public UUID currentGroupSession() {
        Active a = active.get();
        return a == null ? null : a.groupSession();
    }

    /** A session finished on its own (played to the end, or failed): controls no longer go to it. */
    public void sessionEnded(UUID session) {
        active.getAndUpdate(a -> a != null && a.session().equals(session) ? null : a);
    }

    /** Stops whatever plays (daemon shutdown). */
    public synchronized void stopAll() {
        stopCurrent();
    }

    /** The session playing now, or null. */
    public UUID current() {
        Active a = active.get();
        return a == null ? null : a.session();
    }

    private void stopCurrent() {
        Active was = active.getAndSet(null);
        if (was != null) {
            sessions.stop(was.session());
        }
    }
}
