package org.audifleet.waveform.session;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.audifleet.wire.MinMaxBlock;
import org.audifleet.wire.PcmBlock;
import org.springframework.stereotype.Component;

/** The sessions this service has waveforms for, bounded by {@code audifleet.waveform.max-sessions}. */
@Component
class SessionWaveforms {

    private final ConcurrentHashMap<UUID, SessionWaveform> sessions = new ConcurrentHashMap<>();
    private final WaveformProperties properties;

    SessionWaveforms(WaveformProperties properties) {
        this.properties = properties;
    }

    List<MinMaxBlock> accept(PcmBlock block) {
        SessionWaveform session = sessions.computeIfAbsent(block.sessionId(), id -> {
            evictIfFull();
            return new SessionWaveform(id, properties);
        });
        return session.accept(block);
    }

    Optional<SessionWaveform> find(UUID sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    private void evictIfFull() {
        while (sessions.size() >= properties.maxSessions()) {
            sessions.entrySet().stream().min(Comparator.comparingLong(e -> e.getValue().updatedNanos()))
                    .ifPresent(e -> sessions.remove(e.getKey()));
        }
    }
}
