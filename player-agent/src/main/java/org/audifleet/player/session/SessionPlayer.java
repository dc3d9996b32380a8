package org.audifleet.player.session;

import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.audifleet.player.engine.PlaybackEngine;
import java.util.LinkedHashMap;
import java.util.Map;
import org.audifleet.wire.BlockSequencer;
import org.audifleet.wire.HopTimes;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.PlaybackRequest;

/**
 * Plays one session: sends the request, feeds the engine from the session's audio partition in
 * session order (duplicates dropped, early blocks held back), and reports how it went.
 *
 * <p>All Kafka work happens on the calling thread; the engine's render thread only ever reads the
 * session buffer.
 */
public final class SessionPlayer {

    /** Headroom so the session's loudest sample plays at -1 dBFS rather than touching full scale. */
    public static final double PEAK_HEADROOM = 1.122;

    private final FleetConnection fleet;
    private final PlaybackEngine engine;
    private final Duration firstBlockTimeout;
    private final Duration stallTimeout;
    private final ProgressListener progress;
    private volatile boolean stopRequested;

    public SessionPlayer(FleetConnection fleet, PlaybackEngine engine, Duration firstBlockTimeout,
            Duration stallTimeout, ProgressListener progress) {
        this.fleet = fleet;
        this.engine = engine;
        this.firstBlockTimeout = firstBlockTimeout;
        this.stallTimeout = stallTimeout;
        this.progress = progress;
    }

    /** Something that wants to know how the session goes (the CLI's status line, a test). */
    public interface ProgressListener {
        default void requestSent(PlaybackRequest request) {
        }

        default void blockReleased(PcmBlock block) {
        }
    }

    public SessionReport play(PlaybackRequest request) throws FleetException {
        String key = request.sessionId().toString();
        fleet.listenFor(key);
        BlockSequencer sequencer = new BlockSequencer();
        long sentNanos = System.nanoTime();
        long sentMicros = Micros.now();
        fleet.send(request);
        progress.requestSent(request);
        long lastProgress = System.nanoTime();
        long fullScale = 0;
        long samples = 0;
        long gapSamples = 0;
        int gaps = 0;
        long firstBlockNanos = 0;
        Map<String, Long> hops = new LinkedHashMap<>();
        while (!sequencer.complete() && !stopRequested) {
            ConsumerRecords<String, PcmBlock> records = fleet.consumer().poll(Duration.ofMillis(20));
            for (ConsumerRecord<String, PcmBlock> record : records) {
                if (!key.equals(record.key())) {
                    continue;
                }
                if (hops.isEmpty() && record.value().chunkIndex() == 0 && record.value().blockIndex() == 0) {
                    hops.put(HopTimes.REQUEST_SENT, sentMicros);
                    HopTimes.read(record.headers()).forEach(hops::putIfAbsent);
                    hops.put(PLAYER_RECEIVED, Micros.now());
                }
                for (PcmBlock block : sequencer.accept(record.value())) {
                    if (firstBlockNanos == 0) {
                        firstBlockNanos = System.nanoTime();
                        if (block.sampleRate() != engine.sourceRate()) {
                            // Streams from FDSN origins say their rate only in the data.
                            engine.setSourceRate(block.sampleRate());
                        }
                    }
                    if (block.peakCounts() > fullScale) {
                        fullScale = block.peakCounts();
                        engine.setFullScale(fullScale * PEAK_HEADROOM);
                    }
                    if (block.kind() == PcmBlock.Kind.GAP) {
                        engine.buffer().appendGap(block.sampleCount());
                        gapSamples += block.sampleCount();
                        gaps += block.sampleCount() > 0 ? 1 : 0;
                    } else {
                        engine.buffer().appendSamples(block.samples(), 0, block.sampleCount());
                        samples += block.sampleCount();
                    }
                    progress.blockReleased(block);
                    lastProgress = System.nanoTime();
                }
            }
            long quiet = System.nanoTime() - lastProgress;
            if (firstBlockNanos == 0 && quiet > firstBlockTimeout.toNanos()) {
                engine.buffer().endOfSession();
                throw new FleetException(ExitCodes.NO_AUDIO, "no audio for session " + key + " within "
                        + firstBlockTimeout.toSeconds() + " s: check that origin '" + request.origin()
                        + "' exists and has " + request.stream() + " in the window (the fetcher logs why;"
                        + " rejected requests are on playback.requests-dlt)");
            }
            if (firstBlockNanos != 0 && quiet > stallTimeout.toNanos()) {
                engine.buffer().endOfSession();
                throw new FleetException(ExitCodes.NO_AUDIO, "session " + key + " stalled: nothing new for "
                        + stallTimeout.toSeconds() + " s while waiting for chunk " + sequencer.nextChunk());
            }
        }
        engine.buffer().endOfSession();
        return new SessionReport(request.sessionId(), sentNanos, sentMicros, firstBlockNanos, samples, gapSamples,
                gaps, sequencer.duplicatesDropped(), fullScale, hops);
    }

    /**
     * Asks {@link #play} to stop consuming (from any thread, e.g. a key or a daemon control): it returns within one
     * poll (20 ms) with what arrived so far, and the session buffer is ended so the engine finishes.
     */
    public void stop() {
        stopRequested = true;
    }

    public boolean stopped() {
        return stopRequested;
    }

    /** What the fleet delivered for a session (the engine reports what was played). */
    public record SessionReport(UUID sessionId, long requestSentNanos, long requestSentMicros, long firstBlockNanos,
            long samples, long gapSamples, int gaps, long duplicatesDropped, long peakCounts, Map<String, Long> hops) {

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

    /** Last hop of a time-to-first-audio breakdown: the engine wrote the session's first audio. */
    public static final String FIRST_AUDIO_WRITTEN = "first-audio-written";

    /** Hop name for when the station's consumer got the session's first block. */
    public static final String PLAYER_RECEIVED = "player-received";

}
