package org.audifleet.chunkstore;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import org.audifleet.wire.Micros;

/**
 * The three chunk lengths the store holds. Chunks of a size start on multiples of that size counted
 * from 00:00 UTC, so every size tiles a day exactly and a larger chunk covers whole smaller ones.
 */
public enum ChunkSize {

    TEN_MINUTES("10m", Duration.ofMinutes(10)),
    ONE_HOUR("1h", Duration.ofHours(1)),
    SIX_HOURS("6h", Duration.ofHours(6));

    private final String label;
    private final Duration duration;
    private final long micros;

    ChunkSize(String label, Duration duration) {
        this.label = label;
        this.duration = duration;
        this.micros = duration.toNanos() / 1000;
    }

    public Duration duration() {
        return duration;
    }

    /** As written in chunk file names and manifest keys: {@code 10m}, {@code 1h}, {@code 6h}. */
    public String label() {
        return label;
    }

    public long micros() {
        return micros;
    }

    /** Accepts the label ({@code 1h}) or the constant name ({@code ONE_HOUR}), any case. */
    public static ChunkSize parse(String text) {
        if (text != null) {
            String trimmed = text.trim();
            for (ChunkSize size : values()) {
                if (size.label.equalsIgnoreCase(trimmed) || size.name().equals(trimmed.toUpperCase(Locale.ROOT))) {
                    return size;
                }
            }
        }
        throw new IllegalArgumentException("unknown chunk size '" + text + "' (use 10m, 1h or 6h)");
    }

    /** Start of the chunk of this size that contains {@code time}. */
    public Instant floor(Instant time) {
        long us = Micros.of(time);
        return Micros.toInstant(Math.floorDiv(us, micros) * micros);
    }

    /** Whether a chunk of this size may start at {@code time}. */
    public boolean isAligned(Instant time) {
        return time.getNano() % 1000 == 0 && Math.floorMod(Micros.of(time), micros) == 0;
    }

    @Override
    public String toString() {
        return label;
    }
}
