package org.audifleet.waveform;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class WaveformApplication {

    public static void main(String[] args) {
        SpringApplication.run(WaveformApplication.class, args);
    }
}
