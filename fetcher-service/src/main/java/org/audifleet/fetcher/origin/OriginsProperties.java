package org.audifleet.fetcher.origin;

import jakarta.validation.Valid;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** The origins this fetcher may use, by name ({@code audifleet.origins.<name>.*}). */
@Validated
@ConfigurationProperties("audifleet")
public record OriginsProperties(@DefaultValue @Valid Map<String, OriginProperties> origins) {
}
