package org.audifleet.fetcher.origin.fdsn;

import java.util.OptionalDouble;

/**
 * The sample rate a SEED channel's band code suggests (SEED manual, appendix A), used only when no data of the
 * window has been seen to take the real rate from. Band codes name ranges, so this is the most common rate of
 * each range: H and E 100 Hz, B 40 Hz, S 50 Hz, L 1 Hz, ...
 */
final class NominalRate {

    private NominalRate() {
    }

    static OptionalDouble of(String channel) {
        if (channel.isEmpty()) {
            return OptionalDouble.empty();
        }
        return switch (channel.charAt(0)) {
            case 'F', 'G' -> OptionalDouble.of(1000);
            case 'D', 'C' -> OptionalDouble.of(250);
            case 'E', 'H' -> OptionalDouble.of(100);
            case 'S' -> OptionalDouble.of(50);
            case 'B' -> OptionalDouble.of(40);
            case 'M' -> OptionalDouble.of(10);
            case 'L' -> OptionalDouble.of(1);
            case 'V' -> OptionalDouble.of(0.1);
            case 'U' -> OptionalDouble.of(0.01);
            default -> OptionalDouble.empty();
        };
    }
}
