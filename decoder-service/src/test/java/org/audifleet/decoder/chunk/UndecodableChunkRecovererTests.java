package org.audifleet.decoder.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.audifleet.service.kafka.DeadLetters;
import org.audifleet.wire.ChunkHeaders;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.StreamId;
import org.audifleet.wire.Topics;
import org.audifleet.wire.WireSerdes;
import org.junit.jupiter.api.Test;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.mock.MockProducerFactory;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.SerializationUtils;

/** The decoder's recoverer on Kafka's in-memory producer: a chunk given up on still yields its gap block. */
class UndecodableChunkRecovererTests {

    private static final UUID SESSION = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
    private static final String KEY = SESSION.toString();

    /** The template closes its producer after each send; like the factory's shared producer, this one stays open. */
    private final MockProducer<Object, Object> producer = new MockProducer<>(true, null, (topic, key) -> new byte[0],
            (topic, value) -> new byte[0]) {
        @Override
        public void close(Duration timeout) {
        }
    };
    private final KafkaTemplate<Object, Object> kafka = new KafkaTemplate<>(new MockProducerFactory<>(() -> producer));
    private final UndecodableChunkRecoverer recoverer = new UndecodableChunkRecoverer(
            new DeadLetters(kafka, new SimpleMeterRegistry(), List.of()), kafka);

    /** Chunk 1 of 3 at 40 Hz: grid from 10 s, window from 10 s + 100 samples (2.5 s), 24,000 samples. */
    private static ChunkRecord chunk() {
        return new ChunkRecord(SESSION, "demo", StreamId.parse("XX.DEMO..HHZ"), 1, 3, ChunkRecord.Kind.DATA,
                ChunkRecord.Encoding.ZSTD_INT32_LE, 10_000_000L, 40.0, 100, 24_000, null, 5_000L, "http://x/y",
                new byte[] {1, 2, 3});
    }

    private static ConsumerRecord<String, ChunkRecord> consumed(ChunkRecord value, Headers headers) {
        return new ConsumerRecord<>(Topics.CHUNKS_RAW, 4, 17L, 0L, TimestampType.CREATE_TIME, -1, -1, KEY, value,
                headers, Optional.empty());
    }

    /** Headers as the fetcher sets them (SessionFetcher). */
    private static Headers fetcherHeaders() {
        Headers headers = new RecordHeaders();
        ChunkHeaders.of(chunk()).writeTo(headers);
        return headers;
    }

    private static void assertIsTheChunksGap(ProducerRecord<Object, Object> out) {
        assertThat(out.topic()).isEqualTo(Topics.AUDIO_PCM);
        assertThat(out.key()).isEqualTo(KEY);
        PcmBlock gap = (PcmBlock) out.value();
        assertThat(gap.kind()).isEqualTo(PcmBlock.Kind.GAP);
        assertThat(gap.sessionId()).isEqualTo(SESSION);
        assertThat(gap.chunkIndex()).isEqualTo(1);
        assertThat(gap.chunkCount()).isEqualTo(3);
        assertThat(gap.blockIndex()).isZero();
        assertThat(gap.lastInChunk()).isTrue();
        assertThat(gap.startMicros()).isEqualTo(12_500_000L);
        assertThat(gap.sampleRate()).isEqualTo(40.0);
        assertThat(gap.sampleCount()).isEqualTo(24_000);
        assertThat(gap.peakCounts()).isEqualTo(5_000L);
    }

    @Test
    void aChunkWhoseDecodingFailedIsDeadLetteredAndPlaysAsOneGapBlockForItsWindow() {
        recoverer.accept(consumed(chunk(), fetcherHeaders()), null,
                new ListenerExecutionFailedException("Listener failed", "audifleet-decoder",
                        new IllegalStateException("decoder bug")));

        List<ProducerRecord<Object, Object>> sent = producer.history();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).topic()).isEqualTo("chunks.raw-dlt");
        assertThat(sent.get(0).partition()).isEqualTo(4);
        assertIsTheChunksGap(sent.get(1));
    }

    @Test
    void anUndeserializableChunkStillYieldsItsGapFromTheFetchersHeaders() {
        byte[] corrupt = Arrays.copyOf(chunk().encode(), 60);
        Headers headers = fetcherHeaders();
        try (ErrorHandlingDeserializer<ChunkRecord> deserializer = new ErrorHandlingDeserializer<>(
                new WireSerdes.ChunkRecordSerde())) {
            assertThat(deserializer.deserialize(Topics.CHUNKS_RAW, headers, corrupt)).isNull();
        }
        ConsumerRecord<String, ChunkRecord> record = consumed(null, headers);
        recoverer.accept(record, null, new ListenerExecutionFailedException("Listener failed", "audifleet-decoder",
                SerializationUtils.getExceptionFromHeader(record, KafkaUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER,
                        new LogAccessor(LogFactory.getLog(getClass())))));

        List<ProducerRecord<Object, Object>> sent = producer.history();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).topic()).isEqualTo("chunks.raw-dlt");
        assertThat(sent.get(0).value()).isEqualTo(corrupt);
        assertThat(sent.get(0).headers().lastHeader(DeadLetters.DEFECT_HEADER)).isNotNull();
        assertIsTheChunksGap(sent.get(1));
    }

    @Test
    void aRecordThatNamesNoChunkIsOnlyDeadLettered() {
        recoverer.accept(consumed(null, new RecordHeaders()), null,
                new ListenerExecutionFailedException("Listener failed", "audifleet-decoder",
                        new IllegalStateException("no value")));
        assertThat(producer.history()).extracting(ProducerRecord::topic).containsExactly("chunks.raw-dlt");
    }
}
