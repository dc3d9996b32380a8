package org.audifleet.player.engine;

import java.util.OptionalLong;

/** What a playing engine has done so far, read from any thread (the render thread writes it). */
public interface PlaybackStats {

    /** Frames handed to the output, silence included. */
    long framesRendered();

    /** Data-sample index reached by the frames written to the output so far (the device plays them shortly after). */
    long sourcePosition();

    /** Times the buffer ran dry before the end of the session on a real-time output (one per episode). */
    long underruns();

    /** {@link System#nanoTime()} right after the first period holding session audio went to the output. */
    OptionalLong firstAudioNanos();
}
