package org.audifleet.chunkstore.demo;

/**
 * Second-order IIR section (transposed direct form II) with the usual audio-cookbook low- and
 * high-pass designs; enough to shape white noise into seismic bands.
 */
final class Biquad {

    private final double b0;
    private final double b1;
    private final double b2;
    private final double a1;
    private final double a2;
    private double z1;
    private double z2;

    private Biquad(double b0, double b1, double b2, double a0, double a1, double a2) {
        this.b0 = b0 / a0;
        this.b1 = b1 / a0;
        this.b2 = b2 / a0;
        this.a1 = a1 / a0;
        this.a2 = a2 / a0;
    }

    static Biquad lowPass(double sampleRate, double corner, double q) {
        double w = 2 * Math.PI * corner / sampleRate;
        double cos = Math.cos(w);
        double alpha = Math.sin(w) / (2 * q);
        return new Biquad((1 - cos) / 2, 1 - cos, (1 - cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    static Biquad highPass(double sampleRate, double corner, double q) {
        double w = 2 * Math.PI * corner / sampleRate;
        double cos = Math.cos(w);
        double alpha = Math.sin(w) / (2 * q);
        return new Biquad((1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
    }

    double next(double x) {
        double y = b0 * x + z1;
        z1 = b1 * x - a1 * y + z2;
        z2 = b2 * x - a2 * y;
        return y;
    }

    Biquad fresh() {
        return new Biquad(b0, b1, b2, 1, a1, a2);
    }

    /** A chain of sections applied in order. */
    static final class Chain {

        private final Biquad[] sections;

        Chain(Biquad... sections) {
            this.sections = sections;
        }

        double next(double x) {
            double y = x;
            for (Biquad section : sections) {
                y = section.next(y);
            }
            return y;
        }

        /**
         * RMS of the chain's output for unit-variance white input (root of the impulse response's
         * energy), so a band-passed noise can be scaled to a chosen RMS in counts.
         */
        double whiteNoiseGain(int length) {
            Biquad[] copies = new Biquad[sections.length];
            for (int i = 0; i < sections.length; i++) {
                copies[i] = sections[i].fresh();
            }
            Chain probe = new Chain(copies);
            double energy = 0;
            for (int n = 0; n < length; n++) {
                double h = probe.next(n == 0 ? 1 : 0);
                energy += h * h;
            }
            return Math.sqrt(energy);
        }
    }
}
