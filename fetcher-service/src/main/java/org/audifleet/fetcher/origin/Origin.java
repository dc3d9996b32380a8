package org.audifleet.fetcher.origin;

import java.util.List;
import org.audifleet.wire.PlaybackRequest;

/** A named source of chunks. */
public interface Origin {

    String name();

    /** The chunks of the request's window, in time order, and the loudest sample known for it. */
    SessionPlan plan(PlaybackRequest request) throws OriginException;

    /** The payload of a planned chunk; empty when the origin turns out to have no data for it. */
    java.util.Optional<byte[]> fetch(PlannedFetch chunk) throws OriginException;

    /**
     * The payload the session's window needs and the chunk it makes: {@code chunk} itself, or, when the origin
     * serves the part of the file the window needs ({@link PlannedFetch#range}), that part as its own chunk. Empty
     * when the origin has no data for it. This default fetches the whole chunk.
     */
    default java.util.Optional<Fetched> fetchWindow(PlannedFetch chunk) throws OriginException {
        return fetch(chunk).map(payload -> new Fetched(chunk, payload));
    }

    /** A payload and the chunk it is. */
    record Fetched(PlannedFetch chunk, byte[] payload) {
    }

    record SessionPlan(List<PlannedFetch> chunks, long peakCounts) {
    }
}
