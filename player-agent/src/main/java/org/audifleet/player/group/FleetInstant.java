package org.audifleet.player.group;

import java.time.Instant;

/** A fleet instant (epoch ns of fleet time) as logs and {@code control --group} print it: ISO-8601 to the ns. */
public final class FleetInstant {

    private FleetInstant() {
    }

    public static String format(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L)).toString();
    }
}
