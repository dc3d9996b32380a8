package org.audifleet.player.session;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the fleet delivered for a session (the engine reports what was played).
 *
 * @param requestSentNanos {@link System#nanoTime()} when the request left
 * @param requestSentMicros the same instant on the wall clock, for the hop times other processes stamped
 * @param firstBlockNanos {@link System#nanoTime()} when the first block was released, 0 if none was
 * @param samples data samples delivered
 * @param gapSamples samples delivered as gaps (silence)
 * @param gaps gap blocks, each a run of missing data
 * @param recordsSkipped records keyed by this session that were not readable news or blocks of it (skipped)
 * @param peakCounts the loudest sample the fleet announced
 * @param hops wall-clock µs of each hop of the first block, from {@code request-sent} to {@value #PLAYER_RECEIVED}
 */
public record SessionReport(UUID sessionId, long requestSentNanos, long requestSentMicros, long firstBlockNanos,
        long samples, long gapSamples, int gaps, long duplicatesDropped, long recordsSkipped, long peakCounts, Map<String, Long> hops) {

    /** Last hop of a time-to-first-audio breakdown: the engine wrote the session's first audio. */
    public static final String FIRST_AUDIO_WRITTEN = "first-audio-written";

    /** Hop name for when the station's consumer got the session's first block. */
    public static final String PLAYER_RECEIVED = "player-received";

    /**
     * Milliseconds spent in each hop up to the first block (each the time since the hop before), then
     * {@code first-audio-written}: from the station receiving the block to the engine's first audio.
     * Empty when the first block carried no hop times.
     */
    public Map<String, Double> hopMillis(long firstAudioNanos) {
        Map<String, Double> millis = new LinkedHashMap<>();
        if (hops.isEmpty()) {
            return millis;
        }
        Map<String, Long> times = new LinkedHashMap<>(hops);
        times.put(FIRST_AUDIO_WRITTEN, requestSentMicros + (firstAudioNanos - requestSentNanos) / 1000);
        long previous = -1;
        for (Map.Entry<String, Long> hop : times.entrySet()) {
            if (previous >= 0) {
                millis.put(hop.getKey(), (hop.getValue() - previous) / 1000.0);
            }
            previous = hop.getValue();
        }
        return millis;
    }
}
