package org.audifleet.decoder;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class DecoderApplication {

    /**
     * The application with its own configuration file name ({@code decoder-service.yml}), so the three
     * services can also run side by side in one JVM (the fleet tests do) without reading each other's
     * settings.
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(DecoderApplication.class).properties("spring.config.name=decoder-service");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
