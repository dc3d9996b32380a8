package org.audifleet.player.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PositionPromptTests {

    private final FakeTransport transport = new FakeTransport();
    private final StationControls controls = new StationControls(transport,
            new SessionClock(Instant.parse("2024-01-01T00:00:00Z"), 100.0, 441), Duration.ofSeconds(1), () -> { });

    private static String type(PositionPrompt prompt, String bytes) {
        String line = null;
        for (char c : bytes.toCharArray()) {
            line = prompt.feed(c);
        }
        return line;
    }

    @Test
    void aTypedPositionSeeksAndTwoLoopWithEditing() {
        transport.available = 360_000;
        PositionPrompt prompt = new PositionPrompt();
        prompt.start();
        assertThat(type(prompt, "00:12:3")).isNull();
        assertThat(prompt.shown()).isEqualTo("go to: 00:12:3");
        String line = type(prompt, "1\u007f0\r");
        assertThat(line).isEqualTo("00:12:30");
        assertThat(prompt.isOpen()).isFalse();
        assertThat(PositionPrompt.apply(controls, line)).isEqualTo("seek 00:12:30");
        prompt.start();
        assertThat(PositionPrompt.apply(controls, type(prompt, "10:00 +2m\n"))).isEqualTo("loop 00:10:00–00:14:30");
        assertThat(transport.calls).containsExactly("seek 75000", "loop 60000 87000");
    }

    @Test
    void escapeOrAnEmptyLineCancelsAndBadTextSaysWhy() {
        PositionPrompt prompt = new PositionPrompt();
        prompt.start();
        assertThat(PositionPrompt.apply(controls, type(prompt, "12\u001b"))).isEqualTo("go to: cancelled");
        prompt.start();
        assertThat(PositionPrompt.apply(controls, type(prompt, "\r"))).isEqualTo("go to: cancelled");
        prompt.start();
        assertThat(PositionPrompt.apply(controls, type(prompt, "soon\r"))).startsWith("'soon' is not a position");
        assertThat(PositionPrompt.apply(controls, "1:00 2:00 3:00")).contains("got 3");
        assertThat(transport.calls).isEmpty();
    }

    @Test
    void gOpensThePromptFromTheKeys() {
        Key.Decoder decoder = new Key.Decoder();
        assertThat(decoder.feed('g')).isEqualTo(Key.GO_TO);
        assertThat(controls.press(Key.GO_TO)).isEqualTo(PositionPrompt.HINT);
    }
}
