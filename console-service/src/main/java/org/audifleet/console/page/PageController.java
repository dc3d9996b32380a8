package org.audifleet.console.page;

import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The page's settings; the page itself is {@code static/index.html}. */
@RestController
class PageController {

    private final PageProperties properties;

    PageController(PageProperties properties) {
        this.properties = properties;
    }

    @GetMapping(value = "/api/config", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> config() {
        String url = properties.waveformUrl().toString();
        return Map.of("waveformUrl", url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }
}
