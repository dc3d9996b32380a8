package org.audifleet.time.exchange;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.audifleet.wire.TimeExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Answers time exchanges: one dedicated thread on a blocking {@link DatagramChannel}, so nothing but the kernel
 * stands between a datagram's arrival and {@code t2}, and nothing between {@code t3} and the send. Both stamps are
 * the service's wall clock in epoch ns ({@link Instant#now()}: µs or finer on Linux). A datagram that is not a
 * well-formed request is dropped unanswered and counted ({@link Drop}); no input and no send failure stops the
 * thread, only {@link #stop()} does.
 */
@Component
public final class TimeResponder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TimeResponder.class);

    private final TimeProperties properties;
    private final TimeMetrics metrics;
    private final LongSupplier clock;
    private volatile DatagramChannel channel;
    private Thread thread;

    @Autowired
    TimeResponder(TimeProperties properties, MeterRegistry meters) {
        this(properties, new TimeMetrics(meters), TimeResponder::wallNanos);
    }

    TimeResponder(TimeProperties properties, TimeMetrics metrics, LongSupplier clock) {
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    static long wallNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public synchronized void start() {
        if (channel != null) {
            return;
        }
        try {
            DatagramChannel c = DatagramChannel.open();
            c.bind(new InetSocketAddress(properties.bindAddress(), properties.port()));
            channel = c;
        } catch (IOException e) {
            throw new UncheckedIOException("time service: cannot bind UDP " + properties.bindAddress() + ":"
                    + properties.port() + ": " + e.getMessage(), e);
        }
        thread = new Thread(this::answerUntilClosed, "time-responder");
        thread.start();
        log.info("time service: answering exchanges on udp://{}:{}", properties.bindAddress(), localPort());
    }

    private void answerUntilClosed() {
        DatagramChannel c = channel;
        // One byte more than an exchange: a longer datagram is cut to it, so it shows as oversized, not as whole.
        ByteBuffer in = ByteBuffer.allocate(TimeExchange.SIZE + 1);
        while (c.isOpen()) {
            SocketAddress from;
            long t2;
            try {
                in.clear();
                from = c.receive(in);
                t2 = clock.getAsLong();
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                // E.g. an ICMP error queued on the socket; the next receive is unaffected.
                log.debug("time service: receive failed: {}", e.toString());
                continue;
            }
            in.flip();
            Incoming incoming = Incoming.of(in);
            if (incoming.drop() != null) {
                metrics.dropped(incoming.drop());
                continue;
            }
            try {
                c.send(ByteBuffer.wrap(incoming.reply(t2, clock.getAsLong())), from);
                metrics.answered();
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                // A send to an unreachable or unroutable sender (e.g. a spoofed address) fails for it alone.
                metrics.dropped(Drop.SEND_FAILED);
                log.debug("time service: answer to {} not sent: {}", from, e.toString());
            }
        }
    }

    /** The UDP port bound (the configured one, or the one the system chose for port 0); -1 when not running. */
    public int localPort() {
        DatagramChannel c = channel;
        try {
            return c == null ? -1 : ((InetSocketAddress) c.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public synchronized void stop() {
        DatagramChannel c = channel;
        if (c == null) {
            return;
        }
        try {
            c.close();
            thread.join(5_000);
        } catch (IOException e) {
            log.warn("time service: closing the UDP socket: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        channel = null;
    }

    @Override
    public boolean isRunning() {
        return channel != null;
    }
}
