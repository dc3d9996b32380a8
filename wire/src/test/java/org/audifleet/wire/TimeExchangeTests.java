package org.audifleet.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TimeExchangeTests {

    private static final long T1 = 1_733_000_000_123_456_789L;

    @Test
    void requestAndReplyRoundTripAtFortyBytes() {
        TimeExchange request = TimeExchange.request(7, T1);
        TimeExchange reply = request.reply(T1 + 1_000, T1 + 1_500);
        assertThat(request.encode()).hasSize(TimeExchange.SIZE).hasSize(40);
        assertThat(reply.encode()).hasSize(TimeExchange.SIZE);
        assertThat(TimeExchange.decode(request.encode())).isEqualTo(request);
        assertThat(TimeExchange.decode(reply.encode())).isEqualTo(reply);
        assertThat(reply.requestId()).isEqualTo(7);
        assertThat(reply.t1()).as("the reply echoes the station's send time").isEqualTo(T1);
    }

    @Test
    void fieldsAreLittleEndianInTheTablesOrder() {
        byte[] bytes = TimeExchange.request(1, 2).reply(3, 4).encode();
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("AFTX");
        assertThat(bytes[4]).isEqualTo((byte) 1);
        assertThat(bytes[5]).as("kind REPLY").isEqualTo((byte) 1);
        assertThat(b.getLong(8)).isEqualTo(1);
        assertThat(b.getLong(16)).isEqualTo(2);
        assertThat(b.getLong(24)).isEqualTo(3);
        assertThat(b.getLong(32)).isEqualTo(4);
    }

    @Test
    void anythingButOneExchangeIsANamedFormatError() {
        byte[] good = TimeExchange.request(1, T1).encode();
        assertThatThrownBy(() -> TimeExchange.decode(new byte[0])).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("shorter than a header");
        assertThatThrownBy(() -> TimeExchange.decode(Arrays.copyOf(good, 39))).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> TimeExchange.decode(new byte[65_507])).isInstanceOf(WireFormatException.class)
                .hasMessage("TimeExchange: 65507 bytes, an exchange is 40");
        byte[] magic = good.clone();
        magic[3] = 'Y';
        assertThatThrownBy(() -> TimeExchange.decode(magic)).hasMessage("TimeExchange: magic is not AFTX");
        byte[] version = good.clone();
        version[4] = 2;
        assertThatThrownBy(() -> TimeExchange.decode(version)).hasMessageContaining("version 2");
        byte[] kind = good.clone();
        kind[5] = 2;
        assertThatThrownBy(() -> TimeExchange.decode(kind)).hasMessageContaining("unknown code 2");
    }

    @Test
    void aRequestCarryingServiceTimesOrAReplyAnsweredBeforeItCameIsRefused() {
        byte[] request = TimeExchange.request(1, T1).encode();
        ByteBuffer.wrap(request).order(ByteOrder.LITTLE_ENDIAN).putLong(24, 5);
        assertThatThrownBy(() -> TimeExchange.decode(request)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("a request carries no service times");
        byte[] reply = TimeExchange.request(1, T1).reply(10, 20).encode();
        ByteBuffer.wrap(reply).order(ByteOrder.LITTLE_ENDIAN).putLong(32, 9);
        assertThatThrownBy(() -> TimeExchange.decode(reply)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("answered before it was received");
        assertThatThrownBy(() -> TimeExchange.request(1, T1).reply(1, 2).reply(3, 4))
                .isInstanceOf(IllegalStateException.class);
    }
}
