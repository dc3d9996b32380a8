package org.audifleet.fetcher.origin;

import java.util.Optional;

/** Reads objects below an origin's base URL; empty when the origin says it has no such object. */
public interface Transport {

    Optional<byte[]> get(String relativePath) throws OriginException;

    String describe(String relativePath);
}
