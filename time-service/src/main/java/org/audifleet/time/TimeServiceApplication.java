package org.audifleet.time;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class TimeServiceApplication {

    /**
     * The application with its own configuration file name ({@code time-service.yml}), as the other services have,
     * so it can run beside them in one JVM without reading their settings.
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(TimeServiceApplication.class)
                .properties("spring.config.name=time-service");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
