package org.audifleet.wire;

/**
 * Where a session's time series goes as it arrives: runs of samples (counts, as the sensor recorded them)
 * and gaps of a known length, in time order. Every consumer of decoded data implements this one contract
 * (the station's session buffer and overview, the waveform pyramids, the decoder's block emitter), so a new
 * consumer plugs in without another switch on a block's kind: {@link PcmBlock#appendTo} does the dispatch.
 */
public interface SampleRunSink {

    /** {@code length} samples from {@code counts[offset]} on follow what came before. */
    void appendSamples(int[] counts, int offset, int length);

    /** {@code missingSamples} positions with no data follow what came before. */
    void appendGap(long missingSamples);
}
