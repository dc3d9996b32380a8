package org.audifleet.chunkstore.plan;

import java.util.Locale;
import java.util.Objects;

import org.audifleet.chunkstore.ChunkSize;

/**
 * Which chunk sizes a session is fetched in: one fixed size, or {@link #AUTO}, which starts with a
 * 10 min chunk so playback can begin after a small download, then grows to 1 h and 6 h chunks (fewer
 * requests) once the position is aligned to the larger size and the rest of the window covers a whole
 * chunk of it; near the end of the window it steps back down, so nothing past the window's last
 * 10 min chunk is fetched.
 */
public sealed interface ChunkPolicy permits ChunkPolicy.Auto, ChunkPolicy.Fixed {

    ChunkPolicy AUTO = new Auto();

    static ChunkPolicy fixed(ChunkSize size) {
        return new Fixed(size);
    }

    /** {@code auto}, or a chunk size label ({@code 10m}, {@code 1h}, {@code 6h}). */
    static ChunkPolicy parse(String text) {
        if (text != null && text.trim().toLowerCase(Locale.ROOT).equals("auto")) {
            return AUTO;
        }
        try {
            return fixed(ChunkSize.parse(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown chunk policy '" + text + "' (use auto, 10m, 1h or 6h)", e);
        }
    }

    record Auto() implements ChunkPolicy {

        @Override
        public String toString() {
            return "auto";
        }
    }

    record Fixed(ChunkSize size) implements ChunkPolicy {

        public Fixed {
            Objects.requireNonNull(size, "size");
        }

        @Override
        public String toString() {
            return size.label();
        }
    }
}
