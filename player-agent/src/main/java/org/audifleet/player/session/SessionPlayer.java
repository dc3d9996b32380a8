package org.audifleet.player.session;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.audifleet.wire.BlockSequencer;
import org.audifleet.wire.HopTimes;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.PlaybackRequest;

/**
 * The Kafka side of a {@link StationSession}: sends the request and releases the session's blocks from its audio
 * partition in session order (duplicates dropped, early blocks held back) until the last one, a stop, or a
 * timeout. All Kafka work happens on the calling thread; the engine's render thread only ever reads the session
 * buffer the released blocks go to.
 */
final class SessionPlayer {

    /** What the consumer saw of a session's delivery; the session itself counts the samples. */
    record Delivery(long requestSentNanos, long requestSentMicros, long firstBlockNanos, long duplicatesDropped,
            Map<String, Long> hops) {
    }

    private final Duration firstBlockTimeout;
    private final Duration stallTimeout;
    private volatile boolean stopRequested;

    SessionPlayer(Duration firstBlockTimeout, Duration stallTimeout) {
        this.firstBlockTimeout = firstBlockTimeout;
        this.stallTimeout = stallTimeout;
    }

    Delivery play(FleetConnection fleet, PlaybackRequest request, Consumer<PcmBlock> release) throws FleetException {
        String key = request.sessionId().toString();
        fleet.listenFor(key);
        BlockSequencer sequencer = new BlockSequencer();
        long sentNanos = System.nanoTime();
        long sentMicros = Micros.now();
        fleet.send(request);
        long lastProgress = System.nanoTime();
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
                    hops.put(SessionReport.PLAYER_RECEIVED, Micros.now());
                }
                for (PcmBlock block : sequencer.accept(record.value())) {
                    if (firstBlockNanos == 0) {
                        firstBlockNanos = System.nanoTime();
                    }
                    release.accept(block);
                    lastProgress = System.nanoTime();
                }
            }
            long quiet = System.nanoTime() - lastProgress;
            if (firstBlockNanos == 0 && quiet > firstBlockTimeout.toNanos()) {
                throw new FleetException(ExitCodes.NO_AUDIO, "no audio for session " + key + " within "
                        + firstBlockTimeout.toSeconds() + " s: check that origin '" + request.origin()
                        + "' exists and has " + request.stream() + " in the window (the fetcher logs why;"
                        + " rejected requests are on playback.requests-dlt)");
            }
            if (firstBlockNanos != 0 && quiet > stallTimeout.toNanos()) {
                throw new FleetException(ExitCodes.NO_AUDIO, "session " + key + " stalled: nothing new for "
                        + stallTimeout.toSeconds() + " s while waiting for chunk " + sequencer.nextChunk());
            }
        }
        return new Delivery(sentNanos, sentMicros, firstBlockNanos, sequencer.duplicatesDropped(), hops);
    }

    /** Asks {@link #play} to stop consuming (from any thread): it returns within one poll (20 ms). */
    void stop() {
        stopRequested = true;
    }

    boolean stopped() {
        return stopRequested;
    }
}
