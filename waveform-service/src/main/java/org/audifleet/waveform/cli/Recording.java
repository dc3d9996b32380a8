package org.audifleet.waveform.cli;

import java.util.List;

/**
 * A whole input trace held in memory for the offline CLI: one sample array per channel.
 *
 * @param pcm16       the samples are 16-bit PCM (a WAV file), so 8/16-bit output keeps audiowaveform's
 *                    semantics instead of scaling by the peak
 * @param startMicros data time of the first sample, UTC µs since the epoch
 */
record Recording(double sampleRate, long startMicros, boolean pcm16, List<int[]> channels) {

    int frames() {
        return channels.get(0).length;
    }

    /** The channels averaged into one, as audiowaveform mixes down: integer sum / channels, toward zero. */
    Recording mixedDown() {
        if (channels.size() == 1) {
            return this;
        }
        int n = frames();
        int[] mix = new int[n];
        for (int i = 0; i < n; i++) {
            long sum = 0;
            for (int[] c : channels) {
                sum += c[i];
            }
            mix[i] = (int) (sum / channels.size());
        }
        return new Recording(sampleRate, startMicros, pcm16, List.of(mix));
    }
}
