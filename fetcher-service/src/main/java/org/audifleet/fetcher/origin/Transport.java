package org.audifleet.fetcher.origin;

import java.util.Optional;

/** Reads objects below an origin's base URL; empty when the origin says it has no such object. */
public interface Transport {

    /**
     * Bytes per planned sample a chunk's answer may take: four times the sample as raw Int32. Stored chunks are
     * smaller than raw (zstd Int32, Steim miniSEED: 1-2 bytes a sample); uncompressed miniSEED takes 4 or 8
     * bytes a sample plus its record headers, still well inside.
     */
    int CHUNK_BYTES_PER_SAMPLE = 16;

    /** Room for headers and records straddling the chunk's ends, so a short chunk is not refused. */
    int CHUNK_BYTES_SLACK = 64 * 1024;

    /**
     * The object, if its body is at most {@code maxBytes} long (the origin's own {@code max-body-size} caps it
     * further); a longer one is abandoned at the cap with an {@link OriginLimitException}.
     */
    Optional<byte[]> get(String relativePath, long maxBytes) throws OriginException;

    /** The object, bounded by the origin's {@code max-body-size} only (manifests, probes). */
    default Optional<byte[]> get(String relativePath) throws OriginException {
        return get(relativePath, Long.MAX_VALUE);
    }

    /**
     * Bytes {@code [first, end)} of the object ({@code partial}), or, from an origin that ignores byte ranges, the
     * whole object capped at {@code wholeMaxBytes} (not {@code partial}); empty when the origin has no such object.
     * This default asks for the whole object.
     */
    default Optional<Body> getRange(String relativePath, long first, long end, long wholeMaxBytes)
            throws OriginException {
        return get(relativePath, wholeMaxBytes).map(b -> new Body(b, false));
    }

    /** An answer's bytes: the range asked for ({@code partial}) or the whole object. */
    record Body(byte[] bytes, boolean partial) {
    }

    String describe(String relativePath);

    /**
     * What a caller passes as {@code maxBytes} for a planned chunk: a few times its expected compressed size. The
     * origin serves the whole chunk, so its grid counts, not the window's part of it: a 10 min window inside a 6 h
     * chunk (5.4 MB) was refused at 1 MB before.
     */
    static long maxChunkBytes(PlannedFetch chunk) {
        return (long) CHUNK_BYTES_PER_SAMPLE * Math.max(chunk.sampleCount(), chunk.gridSamples()) + CHUNK_BYTES_SLACK;
    }
}
