package org.audifleet.player.group;

import java.util.ArrayList;
import java.util.List;
import org.audifleet.wire.PlaybackControl.MemberStream;
import org.audifleet.wire.StreamId;

/**
 * {@code control --group G play ... --streams S1,S2,...}: the i-th stream goes to the i-th member, members sorted by
 * station name as the {@code stations} topic lists them when the PLAY is sent. Members past the last stream, and
 * stations joining later, play the PLAY's default stream.
 */
public final class StreamMapping {

    private StreamMapping() {
    }

    /** The member streams; throws, naming the members, when there are more streams than members. */
    public static List<MemberStream> of(List<String> sortedMembers, List<StreamId> streams, String group) {
        if (streams.size() > sortedMembers.size()) {
            throw new IllegalArgumentException(streams.size() + " streams for " + sortedMembers.size()
                    + (sortedMembers.size() == 1 ? " member" : " members") + " of group " + group
                    + (sortedMembers.isEmpty() ? " (no station announces it)" : " (" + String.join(", ", sortedMembers)
                            + ")"));
        }
        List<MemberStream> members = new ArrayList<>(streams.size());
        for (int i = 0; i < streams.size(); i++) {
            members.add(new MemberStream(sortedMembers.get(i), streams.get(i)));
        }
        return members;
    }

    /** One line per member now, what it will play: {@code hall-1 <- XX.STA1..HHZ}, the default marked. */
    public static List<String> describe(List<String> sortedMembers, List<MemberStream> members, StreamId fallback) {
        List<String> lines = new ArrayList<>(sortedMembers.size());
        for (String station : sortedMembers) {
            StreamId own = null;
            for (MemberStream m : members) {
                if (m.station().equals(station)) {
                    own = m.stream();
                }
            }
            lines.add(station + " <- " + (own != null ? own : fallback + " (default)"));
        }
        return lines;
    }
}
