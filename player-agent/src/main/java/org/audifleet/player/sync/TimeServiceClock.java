package org.audifleet.player.sync;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import org.audifleet.wire.TimeExchange;

/**
 * {@link FleetClock#timeService}: the station's clock against the fleet's time service, from UDP exchanges
 * ({@code wire} {@link TimeExchange}) on a daemon thread of its own, quickly at first so a station is ready within
 * about a second, then once a {@link Schedule#period()}. The station's clock is its wall clock (what {@code faketime}
 * shifts and speeds up), so the offset found is to the fleet's wall clock, drift included. Readers take one
 * immutable {@link TimeExchanges.Snapshot} through a volatile: thread-safe, no lock.
 *
 * <p>A service that does not answer makes no error: the clock is not ready until enough exchanges are answered,
 * one notice line says it is silent and one says when it answers again; after {@link Schedule#staleAfter()} without
 * an answer a ready clock is no longer ready (the line it extrapolates from is too old to trust).
 */
final class TimeServiceClock implements FleetClock {

    /**
     * When exchanges go out.
     *
     * @param quickPeriod between the first exchanges
     * @param quickFor    how long the quick exchanges go on from the start
     * @param period      between exchanges after that
     * @param replyWithin how long a request waits for its reply (at most the period then current)
     * @param readyAfter  exchanges answered before the clock is ready
     * @param silentAfter without an answer this long, the notice says the service is not answering
     * @param staleAfter  without an answer this long, a ready clock is ready no more
     */
    record Schedule(Duration quickPeriod, Duration quickFor, Duration period, Duration replyWithin, int readyAfter,
            Duration silentAfter, Duration staleAfter) {

        /**
         * Ten a second throughout (40-byte datagrams); ready after 5; silent after 3 s, stale after 60 s. Ten a
         * second for 2 s and then one a second fitted the drift a group played by over the first seconds' quick
         * exchanges alone, 20-30 ppm off for the first 14 s on this machine; ten a second, within 3 ppm after 4 s
         * (player-agent/SYNC.md, "The time service").
         */
        static final Schedule DEFAULT = new Schedule(Duration.ofMillis(100), Duration.ZERO, Duration.ofMillis(100),
                Duration.ofMillis(500), 5, Duration.ofSeconds(3), Duration.ofSeconds(60));

        /** One exchange every {@code period} throughout (a probe that wants many samples quickly). */
        static Schedule every(Duration period) {
            return new Schedule(period, Duration.ZERO, period, DEFAULT.replyWithin(), DEFAULT.readyAfter(),
                    DEFAULT.silentAfter(), DEFAULT.staleAfter());
        }
    }

    private final InetSocketAddress address;
    private final Schedule schedule;
    private final Consumer<String> notices;
    private final TimeExchanges exchanges;
    private final Thread thread;
    private volatile TimeExchanges.Snapshot snapshot = TimeExchanges.Snapshot.NONE;
    private volatile long lastAnswerNanoTime;
    private volatile boolean closed;
    private DatagramSocket socket; // the exchange thread's alone

    private TimeServiceClock(InetSocketAddress address, Schedule schedule, Consumer<String> notices) {
        this.address = address;
        this.schedule = schedule;
        this.notices = notices;
        this.exchanges = new TimeExchanges(schedule.readyAfter());
        this.thread = new Thread(this::exchangeUntilClosed, "time-service-exchanges");
        thread.setDaemon(true);
    }

    /** A clock exchanging with {@code address} from now on. */
    static TimeServiceClock start(InetSocketAddress address, Schedule schedule, Consumer<String> notices) {
        TimeServiceClock clock = new TimeServiceClock(address, schedule, notices);
        clock.thread.start();
        return clock;
    }

    private void exchangeUntilClosed() {
        try {
            exchangeWhileOpen();
        } finally {
            closeSocket();
        }
    }

    private void exchangeWhileOpen() {
        long started = System.nanoTime();
        long silentSince = started;
        boolean saidSilent = false;
        String lastProblem = null;
        byte[] in = new byte[TimeExchange.SIZE + 1];
        DatagramPacket packet = new DatagramPacket(in, in.length);
        while (!closed) {
            long sentAt = System.nanoTime();
            long period = (sentAt - started < schedule.quickFor().toNanos() ? schedule.quickPeriod()
                    : schedule.period()).toNanos();
            String problem = null;
            boolean answered = false;
            try {
                answered = exchangeOnce(packet, sentAt + Math.min(period, schedule.replyWithin().toNanos()));
            } catch (IOException | RuntimeException e) {
                problem = e.getMessage() == null ? e.toString() : e.getMessage();
                closeSocket(); // a fresh socket (and a fresh name lookup) on the next round
            }
            long now = System.nanoTime();
            if (answered) {
                silentSince = now;
                lastProblem = null;
                if (saidSilent) {
                    saidSilent = false;
                    notices.accept("time service " + describe() + " answering again");
                }
            } else if (problem != null) {
                lastProblem = problem;
            }
            if (!saidSilent && !closed && now - silentSince >= schedule.silentAfter().toNanos()) {
                saidSilent = true;
                notices.accept("time service " + describe() + " not answering for "
                        + schedule.silentAfter().toMillis() / 1000.0 + " s" + (lastProblem == null ? "" : " ("
                        + lastProblem + ")") + (snapshot.ready() ? "; keeping the last estimate" : "; not ready")
                        + ", still trying");
            }
            long wait = sentAt + period - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Sends one request and takes its reply if it comes before {@code deadline} (System.nanoTime): whether it did. */
    private boolean exchangeOnce(DatagramPacket packet, long deadline) throws IOException {
        DatagramSocket s = socket();
        byte[] request = exchanges.request(WallClock.INSTANCE.localNanos());
        s.send(new DatagramPacket(request, request.length));
        while (exchanges.waiting()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            s.setSoTimeout((int) Math.max(1, left / 1_000_000));
            packet.setLength(packet.getData().length);
            try {
                s.receive(packet);
            } catch (SocketTimeoutException e) {
                return false;
            }
            long t4 = WallClock.INSTANCE.localNanos();
            byte[] datagram = Arrays.copyOf(packet.getData(), packet.getLength());
            if (exchanges.received(datagram, t4) == TimeExchanges.Reply.TAKEN) {
                snapshot = exchanges.snapshot();
                lastAnswerNanoTime = System.nanoTime();
                return true;
            }
        }
        return false;
    }

    private DatagramSocket socket() throws IOException {
        if (socket == null) {
            InetSocketAddress resolved = address.isUnresolved()
                    ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
            if (resolved.isUnresolved()) {
                throw new IOException("cannot resolve " + address.getHostString());
            }
            DatagramSocket s = new DatagramSocket();
            // Connected: the kernel passes on only datagrams from the service.
            s.connect(resolved);
            socket = s;
        }
        return socket;
    }

    private void closeSocket() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    @Override
    public long localNanos() {
        return WallClock.INSTANCE.localNanos();
    }

    @Override
    public boolean ready() {
        TimeExchanges.Snapshot s = snapshot;
        return s.ready() && System.nanoTime() - lastAnswerNanoTime < schedule.staleAfter().toNanos();
    }

    @Override
    public long toFleet(long localNanos) {
        return localNanos + snapshot.offsetAt(localNanos);
    }

    @Override
    public long toLocal(long fleetNanos) {
        return snapshot.toLocal(fleetNanos);
    }

    @Override
    public long offsetNanos() {
        return ready() ? snapshot.offsetAt(localNanos()) : 0;
    }

    @Override
    public long uncertaintyNanos() {
        return ready() ? snapshot.uncertaintyNanos() : Long.MAX_VALUE;
    }

    @Override
    public double driftPpm() {
        // The estimator's slope is how fast the fleet's clock gains on the station's: a fast station's is negative.
        return -snapshot.slope() * 1e6;
    }

    /** The newest exchange's delay (round trip less the service's turn-around), ns; 0 before one. */
    long roundTripNanos() {
        return snapshot.roundTripNanos();
    }

    /** Exchanges answered so far. */
    long exchanges() {
        return snapshot.taken();
    }

    @Override
    public String describe() {
        return "udp://" + address.getHostString() + ":" + address.getPort();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
