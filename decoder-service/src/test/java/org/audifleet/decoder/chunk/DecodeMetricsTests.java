package org.audifleet.decoder.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.HopTimes;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.Test;

/** The decoder's series exist, described, from the start; hops are measured from the stamp before each. */
class DecodeMetricsTests {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final DecodeMetrics metrics = new DecodeMetrics(meters);

    @Test
    void everySeriesIsRegisteredWithItsDescriptionAtStart() {
        int encodings = ChunkRecord.Encoding.values().length;
        assertThat(meters.find(DecodeMetrics.CHUNK).timers()).hasSize(2 * encodings);
        assertThat(meters.find(DecodeMetrics.SAMPLES).counters()).hasSize(encodings);
        assertThat(meters.find(DecodeMetrics.HOP).timers()).hasSize(DecodeMetrics.HOPS.size());
        assertThat(meters.find(DecodeMetrics.FIRST_BLOCK).timer()).isNotNull();
        assertThat(meters.getMeters()).extracting(Meter::getId).allSatisfy(id -> assertThat(id.getDescription())
                .as(id.toString()).isNotBlank());
        assertThat(meters.find(DecodeMetrics.SAMPLES).tag("encoding", "zstd-int32-le").counter()).isNotNull();
    }

    @Test
    void eachHopIsTheTimeSinceTheStampBeforeItAndTheFirstChunkGivesRequestToFirstBlock() {
        Map<String, Long> hops = new LinkedHashMap<>();
        hops.put(HopTimes.REQUEST_SENT, 1_000_000L);
        hops.put(HopTimes.FETCHER_RECEIVED, 1_010_000L);
        hops.put(HopTimes.ORIGIN_ANSWERED, 1_060_000L);
        hops.put(HopTimes.CHUNK_PUBLISHED, 1_061_000L);
        hops.put(HopTimes.DECODER_RECEIVED, 1_065_000L);
        hops.put(HopTimes.BLOCK_PUBLISHED, 1_066_000L);
        metrics.firstBlockOf(chunk(0), hops);
        metrics.firstBlockOf(chunk(1), hops);
        assertThat(hop(HopTimes.FETCHER_RECEIVED).totalTime(TimeUnit.MICROSECONDS)).isEqualTo(2 * 10_000);
        assertThat(hop(HopTimes.ORIGIN_ANSWERED).totalTime(TimeUnit.MICROSECONDS)).isEqualTo(2 * 50_000);
        assertThat(hop(HopTimes.BLOCK_PUBLISHED).count()).isEqualTo(2);
        Timer firstBlock = meters.find(DecodeMetrics.FIRST_BLOCK).timer();
        assertThat(firstBlock.count()).as("only chunk 0 is the session's first block").isEqualTo(1);
        assertThat(firstBlock.totalTime(TimeUnit.MICROSECONDS)).isEqualTo(66_000);
    }

    private Timer hop(String hop) {
        return meters.find(DecodeMetrics.HOP).tag("hop", hop).timer();
    }

    private static ChunkRecord chunk(int index) {
        return new ChunkRecord(UUID.randomUUID(), "demo", StreamId.parse("XX.DEMO..HHZ"), index, 3,
                ChunkRecord.Kind.DATA, ChunkRecord.Encoding.ZSTD_INT32_LE, 0L, 100.0, 0, 6000, 6000, null, 0L,
                "http://x/y", new byte[] {1});
    }
}
