package org.audifleet.decoder.chunk;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.HopTimes;
import org.springframework.stereotype.Component;

/**
 * The decoder's meters (docs/metrics.md, "Decoder"), each registered with its description at start for every
 * encoding, outcome and hop. The hops are read from a chunk's first block's {@link HopTimes}, all stamped on one
 * machine's clocks in a local fleet; on several hosts they carry the hosts' clock offsets.
 */
@Component
class DecodeMetrics {

    static final String CHUNK = "audifleet.decode.chunk";
    static final String SAMPLES = "audifleet.decode.samples";
    static final String HOP = "audifleet.hop";
    static final String FIRST_BLOCK = "audifleet.request.to.first.block";
    /** Each hop time up to the decoder's, measured from the one stamped before it. */
    static final List<String> HOPS = List.of(HopTimes.FETCHER_RECEIVED, HopTimes.ORIGIN_ANSWERED,
            HopTimes.CHUNK_PUBLISHED, HopTimes.DECODER_RECEIVED, HopTimes.BLOCK_PUBLISHED);

    private final MeterRegistry meters;
    private final Timer firstBlock;

    DecodeMetrics(MeterRegistry meters) {
        this.meters = meters;
        for (ChunkRecord.Encoding encoding : ChunkRecord.Encoding.values()) {
            chunk(encoding, true);
            chunk(encoding, false);
            samples(encoding);
        }
        for (String hop : HOPS) {
            hop(hop);
        }
        firstBlock = Timer.builder(FIRST_BLOCK).description(
                "a session's playback request sent to its first block published on audio.pcm")
                .register(meters);
    }

    Timer chunk(ChunkRecord.Encoding encoding, boolean ok) {
        return Timer.builder(CHUNK).description("decoding one chunk and publishing its blocks, by encoding and outcome")
                .tag("encoding", label(encoding)).tag("outcome", ok ? "ok" : "defect").register(meters);
    }

    Counter samples(ChunkRecord.Encoding encoding) {
        return Counter.builder(SAMPLES).description("samples decoded into blocks (gaps not counted), by encoding")
                .tag("encoding", label(encoding)).register(meters);
    }

    private Timer hop(String hop) {
        return Timer.builder(HOP).description(
                "time from the hop stamped before to this one, on a chunk's way to its first block (wire HopTimes)")
                .tag("hop", hop).register(meters);
    }

    /** Records the hops of a chunk's first block, and for a session's first chunk its request-to-first-block. */
    void firstBlockOf(ChunkRecord chunk, Map<String, Long> hopMicros) {
        Long before = hopMicros.get(HopTimes.REQUEST_SENT);
        for (String hop : HOPS) {
            Long at = hopMicros.get(hop);
            if (before != null && at != null && at >= before) {
                hop(hop).record(Duration.ofNanos((at - before) * 1000));
            }
            before = at != null ? at : before;
        }
        Long sent = hopMicros.get(HopTimes.REQUEST_SENT);
        Long published = hopMicros.get(HopTimes.BLOCK_PUBLISHED);
        if (chunk.chunkIndex() == 0 && sent != null && published != null && published >= sent) {
            firstBlock.record(Duration.ofNanos((published - sent) * 1000));
        }
    }

    private static String label(ChunkRecord.Encoding encoding) {
        return encoding.name().toLowerCase().replace('_', '-');
    }
}
