package org.audifleet.player.session;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.audifleet.wire.BlockSequencer;
import org.audifleet.wire.HopTimes;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.PlaybackStatus;
import org.audifleet.wire.Topics;

/**
 * The Kafka side of a {@link StationSession}: over the {@link SessionLink} made ready before (its
 * {@link SessionStatusWatcher} and audio consumer both positioned), sends the request, and releases the session's
 * blocks from its audio partition in session order (duplicates dropped, early blocks held back) until the last one,
 * a stop, the fetcher's refusal, or a timeout. Once connected, all Kafka work on the audio partition happens on the
 * calling thread; the engine's render thread only ever reads the session buffer the released blocks go to.
 *
 * <p>Records keyed by other sessions share the partition and are passed over. A record keyed by this session that
 * is not one of its blocks (it does not decode, or it is another session's) is skipped, counted and told to
 * {@code notices} once with its partition and offset; the session plays on.
 */
final class SessionPlayer {

    /** What the consumer saw of a session's delivery; the session itself counts the samples. */
    record Delivery(long requestSentNanos, long requestSentMicros, long firstBlockNanos, long duplicatesDropped,
            long recordsSkipped, Map<String, Long> hops) {
    }

    private final Duration statusTimeout;
    private final Duration firstBlockTimeout;
    private final Duration stallTimeout;
    private final Consumer<String> notices;
    private final Answers answers;
    private volatile boolean stopRequested;
    private long recordsSkipped;

    /**
     * @param statusTimeout  give up when the fetcher has said nothing on playback.status nor sent a block within
     *                       this of the request, or gave no plan within this past the planning deadline it announced
     * @param notices        one line each for news worth telling the operator (gaps, skipped records), any thread
     */
    SessionPlayer(Duration statusTimeout, Duration firstBlockTimeout, Duration stallTimeout,
            Consumer<String> notices) {
        this.statusTimeout = statusTimeout;
        this.firstBlockTimeout = firstBlockTimeout;
        this.stallTimeout = stallTimeout;
        this.notices = notices;
        this.answers = new Answers(notices);
    }

    /** What the session's {@link SessionStatusWatcher} tells: the fetcher's answers, acted on after each poll. */
    SessionStatusWatcher.Listener answers() {
        return answers;
    }

    /**
     * Plays over {@code link}, whose watcher (telling {@link #answers()}) and audio consumer were both positioned
     * before this sends the request, so no answer or block can be missed; closes the watcher at the end.
     */
    Delivery play(SessionLink link, PlaybackRequest request, Consumer<PcmBlock> release) throws FleetException {
        String key = request.sessionId().toString();
        FleetConnection fleet = link.fleet;
        try (SessionStatusWatcher status = link.takeStatus()) {
            BlockSequencer sequencer = new BlockSequencer();
            long sentNanos = System.nanoTime();
            long sentMicros = Micros.now();
            fleet.send(request);
            long lastProgress = System.nanoTime();
            long firstBlockNanos = 0;
            Map<String, Long> hops = new LinkedHashMap<>();
            while (!sequencer.complete() && !stopRequested) {
                ConsumerRecords<String, byte[]> records = fleet.consumer().poll(Duration.ofMillis(20));
                for (ConsumerRecord<String, byte[]> record : records) {
                    if (!key.equals(record.key())) {
                        continue;
                    }
                    PcmBlock block = blockOf(record, request.sessionId());
                    if (block == null) {
                        continue;
                    }
                    if (hops.isEmpty() && block.chunkIndex() == 0 && block.blockIndex() == 0) {
                        hops.put(HopTimes.REQUEST_SENT, sentMicros);
                        HopTimes.read(record.headers()).forEach(hops::putIfAbsent);
                        hops.put(SessionReport.PLAYER_RECEIVED, Micros.now());
                    }
                    for (PcmBlock next : sequencer.accept(block)) {
                        if (firstBlockNanos == 0) {
                            firstBlockNanos = System.nanoTime();
                        }
                        release.accept(next);
                        lastProgress = System.nanoTime();
                    }
                }
                answers.failIfRefused();
                long now = System.nanoTime();
                long sinceSent = now - sentNanos;
                String unanswered = firstBlockNanos == 0 ? answers.unanswered(sentNanos, now, statusTimeout) : null;
                if (unanswered != null) {
                    throw new FleetException(ExitCodes.FLEET_NOT_READY, unanswered);
                }
                // While an announced plan is still due, its own deadline (above) bounds the wait.
                if (firstBlockNanos == 0 && !answers.awaitingPlan() && sinceSent > firstBlockTimeout.toNanos()) {
                    throw new FleetException(ExitCodes.NO_AUDIO, answers.accepted() != null
                            ? "the fetcher accepted session " + key + " (" + answers.accepted().chunkCount()
                                    + " chunks) but no audio arrived within " + FleetConnection.seconds(firstBlockTimeout)
                                    + " (is the decoder running?)"
                            : "no audio for session " + key + " within " + FleetConnection.seconds(firstBlockTimeout)
                                    + ", and no answer from the fetcher on " + Topics.PLAYBACK_STATUS);
                }
                if (firstBlockNanos != 0 && System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
                    throw new FleetException(ExitCodes.NO_AUDIO, "session " + key + " stalled: nothing new for "
                            + FleetConnection.seconds(stallTimeout) + " while waiting for chunk "
                            + sequencer.nextChunk());
                }
            }
            answers.failIfRefused();
            return new Delivery(sentNanos, sentMicros, firstBlockNanos, sequencer.duplicatesDropped(),
                    recordsSkipped + status.unreadable(), hops);
        }
    }

    /** The record's block, or null when it is not one of this session's (told and counted). */
    private PcmBlock blockOf(ConsumerRecord<String, byte[]> record, UUID session) {
        String why;
        try {
            PcmBlock block = PcmBlock.decode(record.value());
            if (block.sessionId().equals(session)) {
                return block;
            }
            why = "keyed by this session but a block of session " + block.sessionId();
        } catch (RuntimeException e) { // WireFormatException, or fields no PcmBlock can have
            why = e.getMessage();
        }
        recordsSkipped++;
        notices.accept("skipped record " + record.topic() + "-" + record.partition() + " offset " + record.offset()
                + ": " + why);
        return null;
    }

    /** Asks {@link #play} to stop consuming (from any thread): it returns within one poll (20 ms). */
    void stop() {
        stopRequested = true;
    }

    boolean stopped() {
        return stopRequested;
    }

    /**
     * What the fetcher said about the session, from the watcher's thread; the consumer thread acts on it after
     * each poll, so a refusal ends the session within about 20 ms of its arrival.
     */
    static final class Answers implements SessionStatusWatcher.Listener {
        private final Consumer<String> notices;
        private volatile long receivedNanos;
        private volatile PlaybackStatus.Received received;
        private volatile PlaybackStatus.Accepted accepted;
        private volatile PlaybackStatus.Rejected rejected;
        private volatile PlaybackStatus.NoData noData;
        private volatile boolean deaf;

        Answers(Consumer<String> notices) {
            this.notices = notices;
        }

        @Override
        public void received(PlaybackStatus.Received planning) {
            received(planning, System.nanoTime());
        }

        /** The RECEIVED as it arrived at {@code arrivedNanos} (System.nanoTime): its deadline counts from then. */
        void received(PlaybackStatus.Received planning, long arrivedNanos) {
            receivedNanos = arrivedNanos;
            received = planning;
        }

        @Override
        public void accepted(PlaybackStatus.Accepted plan) {
            accepted = plan;
        }

        @Override
        public void rejected(PlaybackStatus.Rejected rejection) {
            rejected = rejection;
        }

        @Override
        public void chunkGap(PlaybackStatus.ChunkGap gap) {
            notices.accept("chunk " + (gap.chunkIndex() + 1) + " of " + gap.chunkCount() + " plays as a gap: "
                    + (gap.cause() == PlaybackStatus.GapCause.NO_DATA ? "the origin has no data there"
                            : "the origin failed") + " (" + gap.text() + "; " + gap.source() + ")");
        }

        @Override
        public void noData(PlaybackStatus.NoData none) {
            noData = none;
        }

        @Override
        public void skipped(int partition, long offset, String why) {
            notices.accept("skipped record " + Topics.PLAYBACK_STATUS + "-" + partition + " offset " + offset + ": "
                    + why);
        }

        @Override
        public void stopped(String why) {
            deaf = true;
            notices.accept(why + "; waiting for audio without the fetcher's answers");
        }

        /**
         * Why the station stops waiting for the fetcher at {@code nowNanos}, or null while its answer may still come:
         * no status of any kind within {@code statusTimeout} of the request ({@code sentNanos}); or RECEIVED, then
         * no plan within its planning deadline plus {@code statusTimeout} (room for the answer's own trip and a busy
         * fetcher) of the RECEIVED's arrival. A station that can no longer hear the fetcher waits for audio only.
         */
        String unanswered(long sentNanos, long nowNanos, Duration statusTimeout) {
            if (deaf || accepted != null || rejected != null || noData != null) {
                return null;
            }
            PlaybackStatus.Received planning = received;
            if (planning == null) {
                return nowNanos - sentNanos > statusTimeout.toNanos() ? "no fetcher answered within "
                        + FleetConnection.seconds(statusTimeout) + " (is the fetcher running?)" : null;
            }
            Duration deadline = Duration.ofMillis(planning.planningMillis());
            Duration wait = deadline.plus(statusTimeout);
            return nowNanos - receivedNanos > wait.toNanos() ? "the fetcher took the request but gave no plan within "
                    + FleetConnection.seconds(wait) + " (its planning deadline is " + FleetConnection.seconds(deadline)
                    + "; is the fetcher still running?)" : null;
        }

        /** Whether the fetcher said it is planning the request and has not answered yet. */
        boolean awaitingPlan() {
            return received != null && accepted == null && rejected == null && !deaf;
        }

        PlaybackStatus.Accepted accepted() {
            return accepted;
        }

        void failIfRefused() throws FleetException {
            PlaybackStatus.Rejected r = rejected;
            if (r != null) {
                throw new FleetException(ExitCodes.NO_AUDIO, "the fetcher rejected the request (" + r.reason()
                        + "): " + r.text());
            }
            PlaybackStatus.NoData n = noData;
            if (n != null) {
                throw new FleetException(ExitCodes.NO_AUDIO, n.text().startsWith("no data") ? n.text()
                        : "no data: " + n.text());
            }
        }
    }
}
