package org.audifleet.player.group;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** How a member's own session is named after the group session it plays a part of. */
public final class GroupSessions {

    private GroupSessions() {
    }

    /**
     * The member's session id: a name-based UUID of the group session and the station, so every replay of the same
     * group PLAY (a restart, a late join) gives the same id, and two members never share one (each has its own
     * partition of audio.pcm and playback.status).
     */
    public static UUID memberSession(UUID groupSession, String station) {
        return UUID.nameUUIDFromBytes(("audifleet-group-member:" + groupSession + "/" + station)
                .getBytes(StandardCharsets.UTF_8));
    }
}
