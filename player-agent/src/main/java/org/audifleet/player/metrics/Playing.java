package org.audifleet.player.metrics;

import java.util.OptionalLong;
import org.audifleet.player.engine.PlaybackStats;

/**
 * What {@link StationMetrics} reads of the session playing, on a scrape or at the session's end, never on the render
 * thread: every value comes from volatile fields or atomics the engine, the output or the Kafka client already keep.
 * {@link SessionPlaying} adapts a station session; tests use their own.
 */
interface Playing {

    String session();

    String stream();

    /** The engine's counters: frames, underruns, playhead, first audio. */
    PlaybackStats stats();

    long deviceDropouts();

    double dropoutMillis();

    /** Data time of the playhead from the window's start, in seconds. */
    double positionSeconds();

    /** Audio buffered past the playhead at the current speed, in seconds. */
    double aheadSeconds();

    /** {@link System#nanoTime()} when the request left, once the session knows it. */
    OptionalLong requestSentNanos();

    /** Records of the session's audio partition not yet read; 0 when the client has no figure. */
    double kafkaLag();

    /** Whether the operator or a control stopped it (rather than it playing to the end). */
    boolean stopped();
}
