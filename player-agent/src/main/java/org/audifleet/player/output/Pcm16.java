package org.audifleet.player.output;

/** Float → signed 16-bit conversion shared by the device and file sinks. */
final class Pcm16 {

    private Pcm16() {
    }

    /** Scales [-1, 1] to ±32767 (symmetric, so silence stays 0 and +1 does not wrap) and clips beyond. */
    static int toInt16(float sample) {
        int v = Math.round(sample * 32767f);
        return v > 32767 ? 32767 : (v < -32768 ? -32768 : v);
    }
}
