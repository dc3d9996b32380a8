package org.audifleet.player.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.audifleet.wire.TimeExchange;
import org.junit.jupiter.api.Test;

/**
 * The station's handling of what comes back from the time service, on simulated clocks: the service's clock is the
 * station's plus {@link #OFFSET}, each leg takes {@link #LEG}; replies lost, late, garbled or forged.
 */
class TimeExchangesTests {

    private static final long T0 = 1_733_000_000_000_000_000L;
    private static final long OFFSET = -137_000_000L;
    private static final long LEG = 50_000L;

    /** The service's answer to {@code request}, on a clock {@link #OFFSET} from the station's. */
    private static byte[] answer(byte[] request, long t1) {
        long t2 = t1 + LEG + OFFSET;
        return TimeExchange.decode(request).reply(t2, t2 + 10_000).encode();
    }

    @Test
    void answeredExchangesGiveTheOffsetAndTheClockIsReadyAfterEnoughOfThem() {
        TimeExchanges exchanges = new TimeExchanges(5);
        for (int i = 0; i < 5; i++) {
            long t1 = T0 + i * 100_000_000L;
            assertThat(exchanges.snapshot().ready()).isFalse();
            byte[] reply = answer(exchanges.request(t1), t1);
            assertThat(exchanges.received(reply, t1 + 2 * LEG + 10_000)).isEqualTo(TimeExchanges.Reply.TAKEN);
        }
        TimeExchanges.Snapshot s = exchanges.snapshot();
        assertThat(s.ready()).isTrue();
        assertThat(s.offsetAt(T0)).isEqualTo(OFFSET);
        assertThat(s.roundTripNanos()).isEqualTo(2 * LEG);
        assertThat(s.toLocal(T0 + OFFSET)).isEqualTo(T0);
        assertThat(exchanges.taken()).isEqualTo(5);
        assertThat(exchanges.lost() + exchanges.late() + exchanges.garbage()).isZero();
    }

    @Test
    void aReplyThatComesAfterTheNextRequestIsLateAndNotFitted() {
        TimeExchanges exchanges = new TimeExchanges(1);
        byte[] first = exchanges.request(T0);
        byte[] late = answer(first, T0);
        byte[] second = exchanges.request(T0 + 1_000_000_000L); // the first was given up on
        assertThat(exchanges.lost()).isEqualTo(1);
        // Taken as the answer to the second, it would read 1 s off: it must not count at all.
        assertThat(exchanges.received(late, T0 + 1_000_100_000L)).isEqualTo(TimeExchanges.Reply.LATE);
        assertThat(exchanges.snapshot().ready()).isFalse();
        assertThat(exchanges.waiting()).isTrue();
        long t1 = T0 + 1_000_000_000L;
        assertThat(exchanges.received(answer(second, t1), t1 + 2 * LEG)).isEqualTo(TimeExchanges.Reply.TAKEN);
        assertThat(exchanges.snapshot().offsetAt(t1)).isCloseTo(OFFSET, within(10_000L));
        assertThat(exchanges.received(answer(second, t1), t1 + 2 * LEG))
                .as("a duplicate of an answered reply").isEqualTo(TimeExchanges.Reply.LATE);
        assertThat(exchanges.late()).isEqualTo(2);
    }

    @Test
    void garbageForgeriesAndImpossibleTimesAreDroppedAndTheExchangeStillWaits() {
        TimeExchanges exchanges = new TimeExchanges(1);
        byte[] request = exchanges.request(T0);
        byte[] reply = answer(request, T0);
        Random random = new Random(14);
        byte[] noise = new byte[TimeExchange.SIZE];
        random.nextBytes(noise);
        byte[] wrongMagic = reply.clone();
        wrongMagic[0] = 'X';
        byte[] forgedT1 = TimeExchange.request(1, T0 + 5).reply(T0, T0).encode();
        byte[] unknownId = TimeExchange.request(99, T0).reply(T0, T0).encode();
        for (byte[] bad : new byte[][] {new byte[0], noise, wrongMagic, Arrays.copyOf(reply, 41), request, forgedT1,
            unknownId}) {
            assertThat(exchanges.received(bad, T0 + 2 * LEG)).isEqualTo(TimeExchanges.Reply.GARBAGE);
        }
        assertThat(exchanges.garbage()).isEqualTo(7);
        assertThat(exchanges.waiting()).isTrue();
        // The station's clock stepped back during the exchange: t4 before t1.
        assertThat(exchanges.received(reply, T0 - 1)).isEqualTo(TimeExchanges.Reply.IMPOSSIBLE);
        assertThat(exchanges.snapshot()).isEqualTo(TimeExchanges.Snapshot.NONE);
    }

    @Test
    void aDriftingStationClockIsFoundWithItsSign() {
        // The station's clock runs 50 ppm fast: the fleet's time minus the station's falls by 50 µs a second.
        TimeExchanges exchanges = new TimeExchanges(5);
        for (int i = 0; i < 600; i++) {
            long t1 = T0 + i * 1_000_000_000L;
            long offsetNow = OFFSET - Math.round(i * 1e9 * 50e-6);
            long t2 = t1 + LEG + offsetNow;
            byte[] reply = TimeExchange.decode(exchanges.request(t1)).reply(t2, t2).encode();
            exchanges.received(reply, t1 + 2 * LEG);
        }
        TimeExchanges.Snapshot s = exchanges.snapshot();
        assertThat(-s.slope() * 1e6).as("drift, ppm (positive: the station runs fast)").isCloseTo(50, within(0.01));
        long last = T0 + 599 * 1_000_000_000L;
        assertThat(s.offsetAt(last)).isCloseTo(OFFSET - 29_950_000L, within(1_000L));
    }
}
