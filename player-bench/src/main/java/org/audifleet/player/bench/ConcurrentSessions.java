package org.audifleet.player.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.audifleet.player.engine.PlaybackEngine;
import org.audifleet.player.output.NullOutput;
import org.audifleet.player.session.StationSession;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.StreamId;

/**
 * N sessions requested at the same instant, as N stations would: each its own clients and a null output paced like
 * a device; every one connects first (clients, watcher, assigned audio partition), then all send their requests at
 * one agreed instant. Each session's time to first audio and its underruns (periods the render thread found nothing
 * to play, counted from its first audio to its end) are kept.
 */
final class ConcurrentSessions {

    /** One session's outcome; {@code firstAudioMs} NaN when it played nothing. */
    record Outcome(double firstAudioMs, long underruns, String failure) {
    }

    private ConcurrentSessions() {
    }

    static List<Outcome> run(String bootstrap, String origin, StreamId stream, List<Instant> starts, Duration length)
            throws Exception {
        // Time to connect every session before the agreed instant: about 50 ms each on 2 loaded cores, 2 s at least.
        long sendAtNanos = System.nanoTime() + Duration.ofSeconds(2).toNanos() + starts.size() * 50_000_000L;
        List<CompletableFuture<Outcome>> sessions = new ArrayList<>();
        for (Instant from : starts) {
            sessions.add(CompletableFuture.supplyAsync(() -> one(bootstrap, origin, stream, from, length, sendAtNanos),
                    r -> {
                        Thread t = new Thread(r, "bench-session");
                        t.setDaemon(true);
                        t.start();
                    }));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (CompletableFuture<Outcome> s : sessions) {
            outcomes.add(s.get());
        }
        return outcomes;
    }

    private static Outcome one(String bootstrap, String origin, StreamId stream, Instant from, Duration length,
            long sendAtNanos) {
        PlaybackRequest request = new PlaybackRequest(UUID.randomUUID(), origin, stream, Micros.of(from),
                Micros.of(from.plus(length)), Micros.now());
        try (StationSession session = StationSession.of(bootstrap, request).open(format -> new NullOutput(true))) {
            session.start();
            long wait;
            while ((wait = sendAtNanos - System.nanoTime()) > 0) {
                Thread.sleep(Math.max(1, wait / 1_000_000));
            }
            var report = session.play();
            PlaybackEngine engine = session.engine();
            session.awaitEnd(length.dividedBy(441).plusSeconds(30));
            long first = engine.stats().firstAudioNanos().orElse(-1L);
            return new Outcome(first < 0 ? Double.NaN : (first - report.requestSentNanos()) / 1e6,
                    engine.stats().underruns(), null);
        } catch (Exception e) {
            return new Outcome(Double.NaN, 0, e.getMessage());
        }
    }
}
