package org.audifleet.decoder.chunk;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How chunks become PCM blocks.
 *
 * @param blockSamples samples per PCM block: 4096 at 100 Hz played at 441x is 93 ms of audio, small
 *                     enough that the first block reaches a station quickly, large enough that a 6 h
 *                     chunk is 528 records rather than thousands
 */
@Validated
@ConfigurationProperties("audifleet.decoder")
record DecoderProperties(@DefaultValue("4096") @Min(64) @Max(1_048_576) int blockSamples) {
}
