package org.audifleet.console.station;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StationConfiguration {

    @Bean
    StationDirectory stationDirectory(StationsProperties properties) {
        return new StationDirectory(properties.staleAfter());
    }
}
