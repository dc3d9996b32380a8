package org.audifleet.fetcher.fetch;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * playback.requests → chunks.raw. The request's offset is committed (ack mode RECORD) only after the
 * listener returns, i.e. once every chunk of the session is acknowledged by the broker.
 */
@Component
class PlaybackRequestListener {

    private final SessionFetcher sessions;

    PlaybackRequestListener(SessionFetcher sessions) {
        this.sessions = sessions;
    }

    @KafkaListener(id = "fetcher", idIsGroup = false, topics = Topics.PLAYBACK_REQUESTS)
    void onRequest(ConsumerRecord<String, PlaybackRequest> record) {
        sessions.fetch(record.key(), record.value());
    }
}
