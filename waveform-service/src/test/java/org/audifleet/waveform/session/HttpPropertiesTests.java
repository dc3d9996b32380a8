package org.audifleet.waveform.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.Validation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/** The HTTP limits bind with the defaults the README documents, and a limit that would refuse everything fails. */
class HttpPropertiesTests {

    private static HttpProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("audifleet.waveform.http",
                Bindable.of(HttpProperties.class), new ValidationBindHandler(new SpringValidatorAdapter(
                        Validation.buildDefaultValidatorFactory().getValidator())));
    }

    @Test
    void theDefaultsAreTheOnesTheReadmeDocuments() {
        HttpProperties p = bind(Map.of());
        assertThat(p.corsAllowedOrigins()).isEqualTo(List.of("*"));
        assertThat(p.maxImagePixels()).isEqualTo(2048L * 2048);
        assertThat(p.maxPoints()).isEqualTo(1 << 20);
        assertThat(p.maxConcurrentRenders()).isEqualTo(2);
        assertThat(p.renderWait()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aZeroBudgetIsRefusedAtStartUp() {
        for (String property : new String[] {"max-image-pixels", "max-points", "max-concurrent-renders"}) {
            assertThatThrownBy(() -> bind(Map.of("audifleet.waveform.http." + property, "0")))
                    .isInstanceOf(BindException.class);
        }
    }
}
