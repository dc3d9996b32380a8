package org.audifleet.player.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Sees, from outside the station's process, the instant its first sample reaches a WAV output: the WAV sink writes
 * its 44-byte header when the output is configured and each period straight to the file (no buffering in between),
 * so the file growing past the header is the first sample written. Polled every 0.2 ms, so the instant is late by
 * at most that plus one {@code stat}.
 */
final class FirstSample {

    static final long WAV_HEADER_BYTES = 44;
    private static final long POLL_NANOS = 200_000;

    private FirstSample() {
    }

    /**
     * {@link System#nanoTime()} when {@code wav} first held more than its header, or empty if {@code running} turned
     * false (the process ended) or {@code timeoutNanos} passed first.
     */
    static OptionalLong await(Path wav, BooleanSupplier running, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (System.nanoTime() < deadline) {
            if (size(wav) > WAV_HEADER_BYTES) {
                return OptionalLong.of(System.nanoTime());
            }
            if (!running.getAsBoolean()) {
                // One last look: the process may have written and ended between two polls.
                return size(wav) > WAV_HEADER_BYTES ? OptionalLong.of(System.nanoTime()) : OptionalLong.empty();
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        return OptionalLong.empty();
    }

    private static long size(Path wav) {
        try {
            return Files.size(wav);
        } catch (IOException notYet) {
            return -1;
        }
    }
}
