package org.audifleet.waveform.spectrogram;

/**
 * A copy of a spectrogram as far as it is known. Column c covers data positions {@code [c * hop, c * hop + window)}
 * from {@code startMicros}; bin k is {@code k * sampleRate / window} Hz; a column whose window touches a gap is null.
 */
public record SpectrogramView(long startMicros, double sampleRate, int window, int hop, int bins, float[][] columns,
        boolean complete) {

    public double binHz() {
        return sampleRate / window;
    }
}
