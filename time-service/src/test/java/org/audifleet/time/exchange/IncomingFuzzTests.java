package org.audifleet.time.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import org.audifleet.wire.TimeExchange;

/**
 * The responder's reading of a datagram against arbitrary bytes: it never throws, a datagram it answers is exactly a
 * well-formed request, and the answer is no bigger than the question (no amplification). Replays
 * {@code IncomingFuzzTestsInputs/of/} in every test run; fuzzing: CONTRIBUTING.md, "Fuzzing".
 */
class IncomingFuzzTests {

    @FuzzTest(maxDuration = "20s")
    void of(byte[] bytes) {
        Incoming in = Incoming.of(ByteBuffer.wrap(bytes));
        assertThat(in.drop() == null).isEqualTo(in.request() != null);
        if (in.request() != null) {
            assertThat(bytes).hasSize(TimeExchange.SIZE);
            assertThat(in.request().kind()).isEqualTo(TimeExchange.Kind.REQUEST);
            byte[] reply = in.reply(5, 7);
            assertThat(reply).hasSize(bytes.length);
            TimeExchange answered = TimeExchange.decode(reply);
            assertThat(answered.requestId()).isEqualTo(in.request().requestId());
            assertThat(answered.t1()).isEqualTo(in.request().t1());
        }
    }
}
