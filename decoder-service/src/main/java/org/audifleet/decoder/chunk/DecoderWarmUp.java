package org.audifleet.decoder.chunk;

import com.github.luben.zstd.Zstd;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;
import org.audifleet.decoder.decode.ChunkDecoders;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.StreamId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Decodes a small synthetic chunk once when the service is ready, so loading zstd's native library
 * and the first compilation of the decode and serialize paths (a few hundred ms in a fresh JVM) are
 * not paid by the first session. Nothing is sent to Kafka.
 */
@Component
class DecoderWarmUp implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(DecoderWarmUp.class);

    private final ChunkDecoders decoders;

    DecoderWarmUp(ChunkDecoders decoders) {
        this.decoders = decoders;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Thread warmUp = new Thread(this::warmUp, "decoder-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    private void warmUp() {
        long start = System.nanoTime();
        int samples = 60_000;
        ByteBuffer raw = ByteBuffer.allocate(samples * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            raw.putInt((int) (1000 * Math.sin(i * 0.01)));
        }
        ChunkRecord chunk = new ChunkRecord(UUID.randomUUID(), "warm-up", StreamId.parse("XX.WARM..HHZ"), 0, 1,
                ChunkRecord.Kind.DATA, ChunkRecord.Encoding.ZSTD_INT32_LE, 0L, 100.0, 0, samples, null, 0L, "warm-up",
                Zstd.compress(raw.array(), 3));
        for (int round = 0; round < 20; round++) {
            decoders.decode(ChunkRecord.decode(chunk.encode()), block -> block.encode());
        }
        log.info("decode path warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
    }
}
