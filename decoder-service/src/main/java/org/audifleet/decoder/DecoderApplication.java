package org.audifleet.decoder;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class DecoderApplication {

    public static void main(String[] args) {
        SpringApplication.run(DecoderApplication.class, args);
    }
}
