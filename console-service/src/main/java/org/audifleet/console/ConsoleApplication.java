package org.audifleet.console;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsoleApplication {

    /**
     * The application with its own configuration file name ({@code console-service.yml}), so it can run beside the
     * other services in one JVM (the fleet tests do) without reading their settings.
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ConsoleApplication.class).properties("spring.config.name=console-service");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
