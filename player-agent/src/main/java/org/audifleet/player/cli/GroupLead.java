package org.audifleet.player.cli;

import java.time.Duration;
import org.audifleet.wire.PlaybackControl;

/**
 * How far ahead of fleet time {@code control --group} schedules (player-agent/README.md, "Groups"). A control needs
 * one Kafka hop and the member's next period (player-agent/SYNC.md, "The group schedule": 250 ms). A PLAY needs each
 * member to open its session, have its request planned and fetched and its first block buffered before the start
 * instant: the first session of a fresh daemon took up to ~1.5 s to first audio on this machine under load, so 3 s
 * leaves every member's start in time with twice that.
 */
final class GroupLead {

    static final String CONTROL = "250ms";
    static final String PLAY = "3s";

    private GroupLead() {
    }

    static Duration of(PlaybackControl.Command command, Duration given) {
        if (given != null) {
            return given;
        }
        return command instanceof PlaybackControl.Play ? Duration.ofSeconds(3) : Duration.ofMillis(250);
    }
}
