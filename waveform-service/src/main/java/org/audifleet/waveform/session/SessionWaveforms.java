package org.audifleet.waveform.session;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.audifleet.waveform.spectrogram.SpectrogramProperties;
import org.audifleet.wire.MinMaxBlock;
import org.audifleet.wire.PcmBlock;
import org.springframework.stereotype.Component;

/**
 * The sessions this service has waveforms for, bounded by {@code audifleet.waveform.max-sessions}.
 *
 * <p>While a session is rebuilt from audio.pcm ({@link SessionRebuilder}), the blocks the listener takes for
 * it go to the live session and to the one being rebuilt, so nothing the listener consumes during the scan
 * is missing from the rebuilt session when it replaces the live one. The map and the rebuild targets change
 * together under this object's monitor; a session's own work happens outside it.
 */
@Component
class SessionWaveforms {

    private final Map<UUID, SessionWaveform> sessions = new HashMap<>();
    private final Map<UUID, SessionWaveform> rebuilding = new HashMap<>();
    private final WaveformProperties properties;
    private final SpectrogramProperties spectrograms;

    SessionWaveforms(WaveformProperties properties, SpectrogramProperties spectrograms) {
        this.properties = properties;
        this.spectrograms = spectrograms;
    }

    /** Takes a block from audio.pcm; returns the live session's buckets that became final, to publish. */
    List<MinMaxBlock> accept(PcmBlock block) {
        SessionWaveform live;
        SessionWaveform rebuilt;
        synchronized (this) {
            live = sessions.get(block.sessionId());
            if (live == null) {
                evictIfFull();
                live = newSession(block.sessionId());
                sessions.put(block.sessionId(), live);
            }
            rebuilt = rebuilding.get(block.sessionId());
        }
        List<MinMaxBlock> out = live.accept(block);
        if (rebuilt != null && rebuilt != live) {
            rebuilt.accept(block); // its buckets are not published: the live session's are
        }
        return out;
    }

    synchronized Optional<SessionWaveform> find(UUID sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    SessionWaveform newSession(UUID sessionId) {
        return new SessionWaveform(sessionId, properties, spectrograms);
    }

    /** From now until {@link #install} or {@link #abandon}, the listener's blocks for the session also go to {@code target}. */
    synchronized void beginRebuild(UUID sessionId, SessionWaveform target) {
        rebuilding.put(sessionId, target);
    }

    /**
     * The rebuilt session replaces the live one, unless the live one has its start (the listener met the
     * session's first block while the scan ran): that one is whole too, and only its buckets were published.
     */
    synchronized void install(UUID sessionId, SessionWaveform rebuilt) {
        rebuilding.remove(sessionId);
        SessionWaveform live = sessions.get(sessionId);
        if (live != null && live.started()) {
            return;
        }
        if (live == null) {
            evictIfFull();
        }
        sessions.put(sessionId, rebuilt);
    }

    synchronized void abandon(UUID sessionId) {
        rebuilding.remove(sessionId);
    }

    private void evictIfFull() {
        while (sessions.size() >= properties.maxSessions()) {
            sessions.entrySet().stream().min(Comparator.comparingLong(e -> e.getValue().updatedNanos()))
                    .ifPresent(e -> sessions.remove(e.getKey()));
        }
    }
}
