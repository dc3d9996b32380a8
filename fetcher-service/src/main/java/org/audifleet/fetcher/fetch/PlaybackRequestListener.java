package org.audifleet.fetcher.fetch;

import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.audifleet.wire.Topics;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * playback.requests → chunks.raw. Each poll's requests are handed to {@link RequestIntake}, which serves them at once
 * and acknowledges the poll (ack mode MANUAL_IMMEDIATE, {@link FetchConfiguration}) only once every request in it and
 * in this thread's earlier polls is done; the thread meanwhile polls on.
 */
@Component
class PlaybackRequestListener {

    private final RequestIntake<SessionFetcher.Received> intake;

    PlaybackRequestListener(RequestIntake<SessionFetcher.Received> intake) {
        this.intake = intake;
    }

    @KafkaListener(id = FetchConfiguration.LISTENER_ID, idIsGroup = false, topics = Topics.PLAYBACK_REQUESTS,
            batch = "true")
    void onRequests(List<ConsumerRecord<String, Object>> records, Acknowledgment acknowledgment,
            Consumer<?, ?> consumer) {
        intake.take(records, consumer, acknowledgment::acknowledge);
    }
}
