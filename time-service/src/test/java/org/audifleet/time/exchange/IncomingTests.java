package org.audifleet.time.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.audifleet.wire.TimeExchange;
import org.junit.jupiter.api.Test;

/** What the responder does with each datagram an attacker (or a confused client) can send. */
class IncomingTests {

    private static final byte[] REQUEST = TimeExchange.request(42, 1_733_000_000_000_000_000L).encode();

    private static Incoming of(byte[] bytes) {
        return Incoming.of(ByteBuffer.wrap(bytes));
    }

    @Test
    void aRequestIsAnsweredWithItsIdAndT1AndTheServiceTimes() {
        Incoming in = of(REQUEST);
        assertThat(in.drop()).isNull();
        TimeExchange reply = TimeExchange.decode(in.reply(100, 250));
        assertThat(reply).isEqualTo(new TimeExchange(TimeExchange.Kind.REPLY, 42, 1_733_000_000_000_000_000L, 100,
                250));
        assertThat(in.reply(100, 90)).as("a wall clock stepped back between the stamps answers t3 = t2")
                .isEqualTo(TimeExchange.request(42, 1_733_000_000_000_000_000L).reply(100, 100).encode());
    }

    @Test
    void emptyTruncatedAndOversizedDatagramsAreDroppedForTheirSize() {
        assertThat(of(new byte[0]).drop()).isEqualTo(Drop.SIZE);
        assertThat(of(Arrays.copyOf(REQUEST, 39)).drop()).isEqualTo(Drop.SIZE);
        // What the responder's 41-byte buffer holds of any longer datagram, up to UDP's 65,507.
        assertThat(of(Arrays.copyOf(REQUEST, 41)).drop()).isEqualTo(Drop.SIZE);
        assertThat(of(new byte[65_507]).drop()).isEqualTo(Drop.SIZE);
    }

    @Test
    void wrongMagicVersionKindOrImpossibleTimesAreFormatDrops() {
        byte[] magic = REQUEST.clone();
        magic[0] = 'N';
        byte[] version = REQUEST.clone();
        version[4] = 9;
        byte[] kind = REQUEST.clone();
        kind[5] = 7;
        byte[] stamped = REQUEST.clone();
        stamped[24] = 1; // a request carrying a t2
        for (byte[] bad : new byte[][] {magic, version, kind, stamped}) {
            assertThat(of(bad).drop()).isEqualTo(Drop.FORMAT);
        }
    }

    @Test
    void aReplyIsNeverAnsweredSoTwoServicesCannotPingPong() {
        byte[] reply = TimeExchange.decode(REQUEST).reply(1, 2).encode();
        assertThat(of(reply).drop()).isEqualTo(Drop.NOT_A_REQUEST);
    }

    @Test
    void randomBytesOfEveryLengthAreDroppedNeverAnswered() {
        Random random = new Random(14);
        for (int i = 0; i < 10_000; i++) {
            byte[] noise = new byte[random.nextInt(TimeExchange.SIZE + 2)];
            random.nextBytes(noise);
            if (noise.length >= 5) {
                noise[4] = 1; // mostly past the version check, to reach the fields
            }
            Incoming in = of(noise);
            assertThat(in.drop() != null || noise.length == TimeExchange.SIZE).isTrue();
        }
    }
}
