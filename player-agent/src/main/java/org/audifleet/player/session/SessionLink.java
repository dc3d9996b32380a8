package org.audifleet.player.session;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What a session needs of the fleet before its request leaves, made ready while the output opens: the broker
 * checked, the Kafka clients built (or the daemon's kept ones lent), the session's {@link SessionStatusWatcher}
 * open and its audio partition assigned, both at their current end, and the producer's metadata fetched, so the
 * request's send is one produce round trip. The watcher is opened on a thread of its own beside the audio
 * consumer's assignment: they are independent round trips to the broker.
 */
final class SessionLink implements AutoCloseable {

    final FleetConnection fleet;
    private final boolean ownsFleet;
    private SessionStatusWatcher status;

    private SessionLink(FleetConnection fleet, boolean ownsFleet, SessionStatusWatcher status) {
        this.fleet = fleet;
        this.ownsFleet = ownsFleet;
        this.status = status;
    }

    /**
     * Connects on the calling thread; {@code kept} is a connection lent by its owner (used, never closed here), or
     * null to build one that this link owns.
     */
    static SessionLink connect(String bootstrap, Duration apiTimeout, KafkaClientSettings kafka,
            FleetConnection kept, UUID session, SessionStatusWatcher.Listener listener) throws FleetException {
        FleetConnection.checkBrokerListening(bootstrap);
        FleetConnection fleet = kept != null ? kept : new FleetConnection(bootstrap, apiTimeout, kafka);
        CompletableFuture<SessionStatusWatcher> watching = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                watching.complete(fleet.watchStatus(session, listener));
            } catch (Throwable e) {
                watching.completeExceptionally(e);
            }
        }, "station-status-open");
        t.setDaemon(true);
        t.start();
        try {
            fleet.listenFor(session.toString());
            fleet.prepareSend();
            return new SessionLink(fleet, kept == null, join(watching));
        } catch (FleetException | RuntimeException e) {
            watching.thenAccept(SessionStatusWatcher::close);
            if (kept == null) {
                fleet.close();
            }
            throw e;
        }
    }

    /** The watcher, handed over to whoever closes it (the session's player); null once taken. */
    SessionStatusWatcher takeStatus() {
        SessionStatusWatcher s = status;
        status = null;
        return s;
    }

    /** Closes the watcher if nobody took it, and the clients if they are this link's own. */
    @Override
    public void close() {
        SessionStatusWatcher s = takeStatus();
        if (s != null) {
            s.close();
        }
        if (ownsFleet) {
            fleet.close();
        }
    }

    /** {@code future}'s value, or the {@link FleetException} or runtime exception it failed with. */
    static <T> T join(CompletableFuture<T> future) throws FleetException {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof FleetException f) {
                throw f;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
