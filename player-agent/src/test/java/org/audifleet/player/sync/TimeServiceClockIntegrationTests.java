package org.audifleet.player.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.audifleet.wire.TimeExchange;
import org.junit.jupiter.api.Test;

/**
 * The station's clock against a real UDP responder on loopback (a minimal one here, answering as time-service does)
 * that goes silent and comes back: not ready before it answers, one notice when it stops, one when it is back,
 * never an exception.
 */
class TimeServiceClockIntegrationTests {

    private static final TimeServiceClock.Schedule QUICK = new TimeServiceClock.Schedule(Duration.ofMillis(20),
            Duration.ZERO, Duration.ofMillis(20), Duration.ofMillis(200), 5, Duration.ofMillis(500),
            Duration.ofSeconds(60));

    /** Answers exchanges on {@code socket} until it is closed. */
    private static Thread responder(DatagramSocket socket) {
        Thread t = new Thread(() -> {
            byte[] in = new byte[64];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket p = new DatagramPacket(in, in.length);
                    socket.receive(p);
                    Instant now = Instant.now();
                    long t2 = now.getEpochSecond() * 1_000_000_000L + now.getNano();
                    byte[] reply = TimeExchange.decode(Arrays.copyOf(in, p.getLength())).reply(t2, t2).encode();
                    socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                } catch (Exception e) {
                    // closed, or a datagram the test did not send
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void aSilentServiceIsNotReadyIsToldOnceAndIsToldAgainWhenItAnswers() throws Exception {
        List<String> notices = new CopyOnWriteArrayList<>();
        DatagramSocket service = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        int port = service.getLocalPort();
        service.close(); // nothing answers there yet
        try (TimeServiceClock clock = TimeServiceClock.start(new InetSocketAddress("127.0.0.1", port), QUICK,
                notices::add)) {
            await(() -> !notices.isEmpty(), "the not-answering notice");
            assertThat(clock.ready()).isFalse();
            assertThat(notices).singleElement().asString().startsWith("time service udp://127.0.0.1:" + port
                    + " not answering for 0.5 s").endsWith("; not ready, still trying");

            try (DatagramSocket back = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    port))) {
                responder(back);
                await(clock::ready, "ready");
                await(() -> notices.size() == 2, "the answering-again notice");
                assertThat(notices.get(1)).isEqualTo("time service udp://127.0.0.1:" + port + " answering again");
                assertThat(Math.abs(clock.offsetNanos())).as("one clock on both ends").isLessThan(5_000_000L);
                assertThat(clock.uncertaintyNanos()).isLessThan(5_000_000L);
                assertThat(clock.exchanges()).isGreaterThanOrEqualTo(5);
            }
            // Silent again: ready still (the estimate is 60 s from stale), and told once more.
            await(() -> notices.size() == 3, "the second not-answering notice");
            assertThat(notices.get(2)).endsWith("; keeping the last estimate, still trying");
            assertThat(clock.ready()).isTrue();
        }
    }
}
