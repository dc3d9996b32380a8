package org.audifleet.player.engine;

/** A loop over {@code [from, to)} in data-sample indices, as set on a playing session. */
public record LoopRegion(long from, long to) {

    public LoopRegion {
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("loop [" + from + ", " + to + ") is empty or negative");
        }
    }

    /** Whether sample {@code index} lies inside the loop; a seek to a sample outside it clears the loop. */
    public boolean contains(long index) {
        return index >= from && index < to;
    }
}
