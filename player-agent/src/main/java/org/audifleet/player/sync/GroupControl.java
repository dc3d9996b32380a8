package org.audifleet.player.sync;

import org.audifleet.player.engine.EngineSettings;
import org.audifleet.player.engine.LoopRegion;

/**
 * A control of a group session that applies on every member at one fleet instant ({@code at}, nanoseconds of
 * fleet time). Positions are session sample indices, as in {@code engine/Controls}; bounds are the engine's.
 */
public sealed interface GroupControl {

    long at();

    /** The group session starts playing from {@code position}. */
    record Start(long at, long position) implements GroupControl {
        public Start {
            nonNegative(position);
        }
    }

    record Pause(long at) implements GroupControl {
    }

    record Resume(long at) implements GroupControl {
    }

    /** Plays from {@code position}; one outside the loop clears it, as a station's own seek does. */
    record Seek(long at, long position) implements GroupControl {
        public Seek {
            nonNegative(position);
        }
    }

    record Speed(long at, double multiplier) implements GroupControl {
        public Speed {
            if (!(multiplier >= EngineSettings.MIN_SPEED && multiplier <= EngineSettings.MAX_SPEED)) {
                throw new IllegalArgumentException("speed " + multiplier + " is outside " + EngineSettings.MIN_SPEED
                        + ".." + EngineSettings.MAX_SPEED);
            }
        }
    }

    record Volume(long at, double volume) implements GroupControl {
        public Volume {
            if (!(volume >= EngineSettings.MIN_VOLUME && volume <= EngineSettings.MAX_VOLUME)) {
                throw new IllegalArgumentException("volume " + volume + " is outside " + EngineSettings.MIN_VOLUME
                        + ".." + EngineSettings.MAX_VOLUME);
            }
        }
    }

    /** Loops over {@code region}; set behind the position, the position goes to its start at once (as the engine's). */
    record Loop(long at, LoopRegion region) implements GroupControl {
        public Loop {
            if (region == null) {
                throw new IllegalArgumentException("a loop needs its region");
            }
        }
    }

    record ClearLoop(long at) implements GroupControl {
    }

    private static void nonNegative(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative: " + position);
        }
    }
}
