package org.audifleet.waveform.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.audifleet.waveform.pyramid.Buckets;
import org.audifleet.waveform.spectrogram.SpectrogramProperties;
import org.audifleet.wire.MinMaxBlock;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.Test;

/** The hand-over between the listener and a rebuild, without Kafka. */
class SessionWaveformsTests {

    static final StreamId STREAM = StreamId.parse("XX.TEST..HHZ");
    static final WaveformProperties PROPERTIES = new WaveformProperties(List.of(16, 256), 256, 0.02, 4);

    /** Session of {@code chunks} chunks of two 256-sample blocks each, sample value = position. */
    static List<PcmBlock> blocks(UUID session, int chunks) {
        List<PcmBlock> out = new ArrayList<>();
        for (int c = 0; c < chunks; c++) {
            for (int b = 0; b < 2; b++) {
                int[] samples = new int[256];
                for (int i = 0; i < 256; i++) {
                    samples[i] = (c * 2 + b) * 256 + i;
                }
                out.add(new PcmBlock(session, STREAM, c, chunks, b, b == 1, PcmBlock.Kind.SAMPLES,
                        1_000_000L * (c * 2 + b), 100.0, 0, 256, samples));
            }
        }
        return out;
    }

    @Test
    void aSessionFirstSeenMidWayIsReplacedByItsRebuildWhichThenPublishes() {
        SessionWaveforms sessions = new SessionWaveforms(PROPERTIES, SpectrogramProperties.defaults());
        UUID id = UUID.randomUUID();
        List<PcmBlock> blocks = blocks(id, 4);
        // Restarted mid-session: the listener resumes at chunk 2; nothing can be released.
        assertThat(sessions.accept(blocks.get(4))).isEmpty();
        assertThat(sessions.find(id).orElseThrow().started()).isFalse();

        SessionWaveform rebuilt = sessions.newSession(id);
        sessions.beginRebuild(id, rebuilt);
        for (PcmBlock b : blocks.subList(0, 5)) { // the scan, up to the end offset
            rebuilt.accept(b);
        }
        sessions.accept(blocks.get(5)); // the listener during the scan: teed into the rebuild
        sessions.install(id, rebuilt);
        assertThat(sessions.find(id)).containsSame(rebuilt);

        List<MinMaxBlock> published = new ArrayList<>();
        published.addAll(sessions.accept(blocks.get(6)));
        published.addAll(sessions.accept(blocks.get(7)));
        assertThat(published).extracting(MinMaxBlock::firstBucket).containsExactly(6L, 6L, 7L, 7L);
        SessionWaveform.Status status = rebuilt.status();
        assertThat(status.complete()).isTrue();
        assertThat(status.samples()).isEqualTo(8 * 256);
        assertThat(rebuilt.view(16, false).buckets().maxs()).hasSize(128).endsWith(8 * 256 - 1);
    }

    @Test
    void aLiveSessionThatHasItsStartIsKeptOverARebuild() {
        SessionWaveforms sessions = new SessionWaveforms(PROPERTIES, SpectrogramProperties.defaults());
        UUID id = UUID.randomUUID();
        List<PcmBlock> blocks = blocks(id, 2);
        SessionWaveform rebuilt = sessions.newSession(id);
        sessions.beginRebuild(id, rebuilt); // asked for over HTTP before its first block arrived
        List<MinMaxBlock> published = new ArrayList<>();
        for (PcmBlock b : blocks) {
            published.addAll(sessions.accept(b));
        }
        SessionWaveform live = sessions.find(id).orElseThrow();
        sessions.install(id, rebuilt);
        assertThat(sessions.find(id)).containsSame(live);
        assertThat(published).hasSize(8); // 4 buckets of 256, raw and processed, all from the live session
    }

    @Test
    void aGapBlockLeavesEmptyBucketsInTheRawAndTheProcessedTrace() {
        SessionWaveforms sessions = new SessionWaveforms(PROPERTIES, SpectrogramProperties.defaults());
        UUID id = UUID.randomUUID();
        List<PcmBlock> blocks = new ArrayList<>(blocks(id, 3));
        // Chunk 1 had no data at the origin: one gap block of its 512 samples instead of two sample blocks.
        blocks.subList(2, 4).clear();
        blocks.add(2, PcmBlock.gap(id, STREAM, 1, 3, 0, true, 2_000_000L, 100.0, 0, 512));
        for (PcmBlock b : blocks) {
            sessions.accept(b);
        }
        SessionWaveform session = sessions.find(id).orElseThrow();
        assertThat(session.status().samples()).isEqualTo(3 * 512);
        for (boolean processed : new boolean[] {false, true}) {
            Buckets b = session.view(16, processed).buckets();
            assertThat(b.count()).isEqualTo(3 * 512 / 16);
            for (int k = 0; k < b.count(); k++) {
                assertThat(b.isEmpty(k)).as("bucket %d, processed %s", k, processed).isEqualTo(k >= 32 && k < 64);
            }
        }
    }

    @Test
    void theRebuildReadsThePartitionTheProducerWroteTo() {
        for (int i = 0; i < 1000; i++) {
            UUID session = UUID.randomUUID();
            String key = session.toString();
            assertThat(SessionRebuilder.partitionToScan(session, 3).partition())
                    .isEqualTo(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), 3));
        }
    }
}
