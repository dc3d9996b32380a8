package org.audifleet.fetcher.origin.fdsn;

import java.net.URI;
import java.util.Map;

/**
 * Public FDSN web services a request may name without any configuration. Their base URLs are the ones the
 * data centres publish; {@code audifleet.origins.<name>.url} overrides one (e.g. for a mirror).
 */
public final class WellKnownFdsn {

    public static final Map<String, URI> URLS = Map.of(
            "iris", URI.create("https://service.iris.edu"),
            "geofon", URI.create("https://geofon.gfz.de"),
            "resif", URI.create("https://ws.resif.fr"),
            "ingv", URI.create("https://webservices.ingv.it"));

    private WellKnownFdsn() {
    }
}
