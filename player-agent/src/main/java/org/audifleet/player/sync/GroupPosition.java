package org.audifleet.player.sync;

import org.audifleet.player.engine.LoopRegion;

/**
 * Where a group session is at one fleet instant: what a late joiner plays from, and what the servo steers to.
 *
 * @param position session sample index (fractional: between samples)
 * @param started whether the start instant has passed
 * @param playing started, not paused and not past the end
 * @param speed the speed multiplier in force
 * @param volume the volume in force
 * @param loop the loop in force, or null
 */
record GroupPosition(double position, boolean started, boolean playing, double speed, double volume, LoopRegion loop) {
}
