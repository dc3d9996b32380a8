package org.audifleet.console.catalog;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The origins the console lists, and which of their streams and days. A chunk store has no index of its streams (its
 * layout names a manifest per stream and day), so the console is told which to read; it reads each one's
 * {@code manifest.json} to say what is there.
 *
 * @param origins by the name stations use in PLAY (the fetcher's {@code audifleet.origins.NAME})
 * @param manifestTimeout how long one manifest read may take before the stream is listed as unreadable
 */
@Validated
@ConfigurationProperties("audifleet.console.catalog")
public record CatalogProperties(@DefaultValue Map<String, @Valid Origin> origins,
        @DefaultValue("5s") Duration manifestTimeout) {

    /**
     * @param url the store's root: {@code http(s)://...} or {@code file:/...}
     * @param streams {@code NET.STA.LOC.CHA} codes to list
     * @param days the UTC days to read manifests for
     */
    public record Origin(@NotNull URI url, @NotEmpty List<String> streams, @NotEmpty List<LocalDate> days) {
    }
}
