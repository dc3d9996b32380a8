package org.audifleet.player.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.audifleet.player.output.CaptureOutput;
import org.junit.jupiter.api.Test;

/** A stream whose rate is learned from its first block plays at base speed x that rate. */
class SourceRateTests {

    @Test
    void aFortyHertzStreamPlaysAtItsOwnRateTimesTheBaseSpeed() throws Exception {
        CaptureOutput sink = new CaptureOutput(100_000);
        PlaybackEngine engine = new PlaybackEngine(EngineSettings.defaults(100.0), sink);
        engine.setSourceRate(40.0);
        engine.start();
        int[] ramp = new int[20_000];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = i;
        }
        engine.buffer().appendSamples(ramp, 0, ramp.length);
        engine.buffer().endOfSession();
        assertThat(engine.awaitFinished(Duration.ofSeconds(20))).isTrue();
        engine.close();
        // 40 Hz x 441 = 17,640 source samples per second on a 44.1 kHz device: 2.5 frames per sample.
        assertThat(sink.size()).isBetween(49_900, 50_100);
    }

    @Test
    void aRateTheDeviceCannotReachIsRefused() {
        PlaybackEngine engine = new PlaybackEngine(EngineSettings.defaults(100.0), new CaptureOutput(16));
        assertThatThrownBy(() -> engine.setSourceRate(10_000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10000");
        engine.close();
    }
}
