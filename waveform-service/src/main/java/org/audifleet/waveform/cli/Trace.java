package org.audifleet.waveform.cli;

import java.io.IOException;
import java.util.List;
import org.audifleet.wire.SampleRunSink;

/**
 * An input of the offline tool, read start to end in blocks as often as a pass needs (whole-input detrend
 * reads it twice), each pass from the file: a WAV ({@link WavFile}), a miniSEED stream ({@link MseedInput}) or
 * a chunk ({@link ChunkInput}); only a miniSEED file out of time order is held in memory ({@link Recording}).
 */
interface Trace {

    double sampleRate();

    /** Data time of the first sample, UTC µs since the epoch. */
    long startMicros();

    /** The samples are 16-bit PCM (a WAV file): 8/16-bit output keeps audiowaveform's values, no scaling. */
    boolean pcm16();

    int channelCount();

    /** Sample positions per channel, gaps included. */
    long frames();

    /** Missing runs of positions, in order and disjoint. */
    List<Recording.Gap> gaps();

    /**
     * Hands positions {@code [from, to)} to {@code sinks} as runs of samples and gaps, in order: one sink per
     * channel, or with {@code mix} one sink for the channels averaged as audiowaveform mixes down (integer
     * sum / channels, toward zero). Blocks go to every sink in turn, channel 0 first, before the next block, so
     * after the last sink's part all outputs stand at the same position. A sink may keep no reference to the
     * arrays it is handed.
     */
    void feed(long from, long to, boolean mix, List<? extends SampleRunSink> sinks) throws IOException;
}
