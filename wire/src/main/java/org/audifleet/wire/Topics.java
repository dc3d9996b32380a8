package org.audifleet.wire;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Topic names and their partition counts. Every topic is keyed by session id (UUID text), so one
 * session's records stay in order on one partition.
 */
public final class Topics {

    public static final String PLAYBACK_REQUESTS = "playback.requests";
    public static final String CHUNKS_RAW = "chunks.raw";
    public static final String AUDIO_PCM = "audio.pcm";
    public static final String WAVEFORM_MINMAX = "waveform.minmax";
    /**
     * Controls for stations running {@code player-agent daemon}; keyed by station name (or by session id for a
     * control that names only a session), so each station's controls stay in order.
     */
    public static final String PLAYBACK_CONTROLS = "playback.controls";
    /**
     * What the fetcher made of each request ({@link PlaybackStatus}), keyed by session id: a station assigns
     * itself to its session's partition before it sends the request, so it hears the answer at once.
     */
    public static final String PLAYBACK_STATUS = "playback.status";

    /**
     * What each station running {@code player-agent daemon} says about itself ({@link StationAnnouncement}), keyed by
     * station name and compacted, so a console that starts late still reads every station's newest announcement.
     */
    public static final String STATIONS = "stations";

    /** Suffix Spring Kafka's DeadLetterPublishingRecoverer uses by default. */
    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    public static final int PARTITIONS = 3;

    /**
     * A fetcher works on one request per partition at a time (a request's offset is committed only
     * once all its chunks are out), so this bounds how many sessions one fetcher instance fetches at
     * once; its listener concurrency matches it.
     */
    public static final int REQUEST_PARTITIONS = 12;

    /**
     * The decoder, too, works through one chunk at a time per partition: with few partitions one
     * session's long chunks hold up other sessions' first chunks (the soak in
     * player-agent/MEASUREMENTS.md saw 13 s of queueing with 3). Its listener concurrency matches it.
     */
    public static final int CHUNK_PARTITIONS = 12;

    /** Partitions of a topic (and of its dead-letter topic). */
    public static int partitions(String topic) {
        if (topic.startsWith(PLAYBACK_REQUESTS)) {
            return REQUEST_PARTITIONS;
        }
        return topic.startsWith(CHUNKS_RAW) ? CHUNK_PARTITIONS : PARTITIONS;
    }

    /**
     * Upper bound of one record on {@link #CHUNKS_RAW}: a 6 h zstd chunk of Int32 at 100 Hz is
     * 2.16 M samples (8.6 MB raw, typically 3-5 MB compressed), well over Kafka's 1 MB default.
     */
    public static final int MAX_CHUNK_RECORD_BYTES = 32 * 1024 * 1024;

    private Topics() {
    }

    /**
     * The partition Kafka's default partitioner gives a record keyed {@code key} (murmur2 of its UTF-8 bytes),
     * so a reader that {@code assign()}s itself can find a session's partition without a producer.
     */
    public static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
