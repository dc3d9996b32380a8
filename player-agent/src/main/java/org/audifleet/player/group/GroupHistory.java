package org.audifleet.player.group;

import java.util.ArrayList;
import java.util.List;
import org.audifleet.wire.PlaybackControl;

/**
 * What a member joining late replays from its group's partition: the group's newest PLAY and the controls of that
 * session after it, in partition order, so the member joins the session the group plays and its
 * {@code GroupPlayback} computes the group's position from the controls' own (past) instants. Nothing when the group
 * has no PLAY in the history read, or when a STOP of that session came after it.
 */
public final class GroupHistory {

    private GroupHistory() {
    }

    /** {@code history}: the controls read back, in offset order (anything, of any group). */
    public static List<PlaybackControl> toJoin(List<PlaybackControl> history, String group) {
        int play = -1;
        for (int i = 0; i < history.size(); i++) {
            PlaybackControl c = history.get(i);
            if (c.group().equals(group) && c.command() instanceof PlaybackControl.Play) {
                play = i;
            }
        }
        if (play < 0) {
            return List.of();
        }
        PlaybackControl start = history.get(play);
        List<PlaybackControl> join = new ArrayList<>();
        join.add(start);
        for (PlaybackControl c : history.subList(play + 1, history.size())) {
            if (!c.group().equals(group) || !(c.sessionId().equals(start.sessionId())
                    || c.sessionId().equals(PlaybackControl.ANY_SESSION))) {
                continue;
            }
            if (c.command() instanceof PlaybackControl.Stop) {
                return List.of();
            }
            join.add(c);
        }
        return join;
    }
}
