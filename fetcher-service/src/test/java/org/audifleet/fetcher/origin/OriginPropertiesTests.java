package org.audifleet.fetcher.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.audifleet.fetcher.origin.OriginProperties.OriginKind;
import org.audifleet.service.kafka.NotRetryableException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

/** An origin's defaults are written once, on {@link OriginProperties}; binding only applies them. */
class OriginPropertiesTests {

    private static OriginsProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bind("audifleet", OriginsProperties.class)
                .get();
    }

    @Test
    void anOriginConfiguredWithOnlyKindAndUrlHasTheLimitsOfAnUnconfiguredOne() {
        URI url = URI.create("https://fdsn.example");
        OriginProperties bound = bind(Map.of("audifleet.origins.x.kind", "fdsn", "audifleet.origins.x.url",
                url.toString())).origins().get("x");
        assertThat(bound).isEqualTo(OriginProperties.unconfigured().with(OriginKind.FDSN, url));
    }

    @Test
    void theDefaultsAreTheOnesTheReadmeDocuments() {
        OriginProperties p = OriginProperties.unconfigured();
        assertThat(p.kind()).isNull();
        assertThat(p.url()).isNull();
        assertThat(p.chunkPolicy()).isEqualTo("auto");
        assertThat(p.maxConcurrency()).isEqualTo(4);
        assertThat(p.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.retries()).isEqualTo(3);
        assertThat(p.retryBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(p.maxBodySize()).isEqualTo(DataSize.ofMegabytes(32));
        assertThat(p.redirectAllowList()).isEmpty();
    }

    @Test
    void theBodyCapAndTheRedirectAllowListBindPerOrigin() {
        OriginProperties bound = bind(Map.of("audifleet.origins.x.kind", "chunk-store", "audifleet.origins.x.url",
                "http://store.example/", "audifleet.origins.x.max-body-size", "8MB",
                "audifleet.origins.x.redirect-allow-list", "https://mirror.example,http://127.0.0.1:8082"))
                .origins().get("x");
        assertThat(bound.maxBodySize()).isEqualTo(DataSize.ofMegabytes(8));
        assertThat(bound.redirectAllowList()).containsExactly(URI.create("https://mirror.example"),
                URI.create("http://127.0.0.1:8082"));
    }

    @Test
    void aRedirectAllowListEntryMustBeAnOriginAndTheBodyCapPositive() {
        assertThatThrownBy(() -> new Origins(bind(Map.of("audifleet.origins.x.kind", "chunk-store",
                "audifleet.origins.x.url", "http://store.example/", "audifleet.origins.x.redirect-allow-list",
                "https://mirror.example/store/")))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("audifleet.origins.x.redirect-allow-list entries are scheme://host[:port]");
        assertThatThrownBy(() -> new Origins(bind(Map.of("audifleet.origins.x.kind", "chunk-store",
                "audifleet.origins.x.url", "http://store.example/", "audifleet.origins.x.max-body-size", "0B"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("audifleet.origins.x.max-body-size must be at least 1 byte");
    }

    @Test
    void wellKnownFdsnServicesNeedNoConfigurationAndAPartlyConfiguredOneIsCompleted() {
        Origins origins = new Origins(bind(Map.of("audifleet.origins.geofon.max-concurrency", "2",
                "audifleet.origins.demo.kind", "chunk-store", "audifleet.origins.demo.url", "http://127.0.0.1:1/")));
        for (String name : new String[] {"iris", "geofon", "resif", "ingv", "demo"}) {
            assertThat(origins.get(name).name()).isEqualTo(name);
        }
        assertThatThrownBy(() -> origins.get("nowhere")).isInstanceOf(NotRetryableException.class)
                .hasMessageContaining("demo, geofon, ingv, iris, resif");
    }
}
