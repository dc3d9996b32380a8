package org.audifleet.wire;

import java.time.Instant;

/** Data time travels as epoch microseconds, enough for any seismic sample rate. */
public final class Micros {

    private Micros() {
    }

    public static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    public static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    public static long now() {
        return of(Instant.now());
    }
}
