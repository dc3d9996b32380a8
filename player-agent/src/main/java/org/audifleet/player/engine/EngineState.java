package org.audifleet.player.engine;

/** Where a {@link PlaybackEngine} is in its life. It only moves down this list, possibly skipping steps. */
public enum EngineState {
    /** Built: controls may be set and the buffer filled. */
    NEW,
    /** The sink is configured and every render buffer allocated, but no render thread runs. */
    CONFIGURED,
    /** The render thread is running. */
    PLAYING,
    /** {@link PlaybackEngine#close} asked the render thread to stop at its next period. */
    STOPPING,
    /** The sink is shut down and rendering is over; {@link PlaybackEngine#failure} says whether an error ended it. */
    FINISHED
}
