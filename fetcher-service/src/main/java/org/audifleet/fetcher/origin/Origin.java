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

    record SessionPlan(List<PlannedFetch> chunks, long peakCounts) {
    }
}
