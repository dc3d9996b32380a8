package org.audifleet.wire;

import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializers and deserializers of the payloads, by class name for client configuration
 * (e.g. {@code value-serializer: org.audifleet.wire.WireSerdes$PcmBlockSerde}). Deserializers throw
 * {@link WireFormatException}; services wrap them in Spring's ErrorHandlingDeserializer so a bad
 * record goes to the dead-letter topic instead of stopping the consumer.
 */
public final class WireSerdes {

    private WireSerdes() {
    }

    abstract static class Serde<T> implements Serializer<T>, Deserializer<T> {
        private final Function<T, byte[]> encode;
        private final Function<byte[], T> decode;

        Serde(Function<T, byte[]> encode, Function<byte[], T> decode) {
            this.encode = encode;
            this.decode = decode;
        }

        @Override
        public byte[] serialize(String topic, T data) {
            return data == null ? null : encode.apply(data);
        }

        @Override
        public T deserialize(String topic, byte[] data) {
            return data == null ? null : decode.apply(data);
        }

        @Override
        public void configure(java.util.Map<String, ?> configs, boolean isKey) {
            // nothing to configure
        }

        @Override
        public void close() {
            // stateless
        }
    }

    public static final class PlaybackRequestSerde extends Serde<PlaybackRequest> {
        public PlaybackRequestSerde() {
            super(PlaybackRequest::encode, PlaybackRequest::decode);
        }
    }

    public static final class ChunkRecordSerde extends Serde<ChunkRecord> {
        public ChunkRecordSerde() {
            super(ChunkRecord::encode, ChunkRecord::decode);
        }
    }

    public static final class PcmBlockSerde extends Serde<PcmBlock> {
        public PcmBlockSerde() {
            super(PcmBlock::encode, PcmBlock::decode);
        }
    }

    public static final class MinMaxBlockSerde extends Serde<MinMaxBlock> {
        public MinMaxBlockSerde() {
            super(MinMaxBlock::encode, MinMaxBlock::decode);
        }
    }

    public static final class PlaybackControlSerde extends Serde<PlaybackControl> {
        public PlaybackControlSerde() {
            super(PlaybackControl::encode, PlaybackControl::decode);
        }
    }

    public static final class PlaybackStatusSerde extends Serde<PlaybackStatus> {
        public PlaybackStatusSerde() {
            super(PlaybackStatus::encode, PlaybackStatus::decode);
        }
    }

    public static final class StationAnnouncementSerde extends Serde<StationAnnouncement> {
        public StationAnnouncementSerde() {
            super(StationAnnouncement::encode, StationAnnouncement::decode);
        }
    }
}
