package org.audifleet.waveform.session;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which zoom levels the service keeps and publishes.
 *
 * @param levels          samples per bucket of each zoom level, finest first (each a multiple of the previous)
 * @param publishFrom     finest level published on waveform.minmax; finer ones are kept for HTTP only,
 *                        since publishing 16-sample buckets would be more records than PCM blocks
 * @param highPassHz      corner of the processed trace's high-pass (the original offered 0.01, 0.02, 0.045 Hz)
 * @param maxSessions     sessions kept in memory; the least recently updated one goes first
 */
@Validated
@ConfigurationProperties("audifleet.waveform")
record WaveformProperties(
        @DefaultValue({"16", "32", "64", "128", "256", "512", "1024", "2048", "4096", "8192", "16384", "32768",
                "65536"}) @NotEmpty List<Integer> levels,
        @DefaultValue("256") @Min(1) int publishFrom,
        @DefaultValue("0.02") @DecimalMin("0.0") double highPassHz,
        @DefaultValue("32") @Min(1) int maxSessions) {

    int[] levelArray() {
        return levels.stream().mapToInt(Integer::intValue).toArray();
    }
}
