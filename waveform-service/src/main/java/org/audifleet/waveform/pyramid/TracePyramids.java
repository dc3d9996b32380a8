package org.audifleet.waveform.pyramid;

import java.util.Arrays;
import org.audifleet.signal.TraceProcessor;
import org.audifleet.wire.SampleRunSink;

/**
 * The two pyramids of one session: the raw counts and the processed trace ({@link TraceProcessor}), fed
 * from the same blocks.
 */
public final class TracePyramids implements SampleRunSink {

    private final MinMaxPyramid raw;
    private final MinMaxPyramid processed;
    private final TraceProcessor processor;
    private int[] scratch = new int[0];

    public TracePyramids(int[] samplesPerBucket, TraceProcessor processor) {
        this.raw = new MinMaxPyramid(samplesPerBucket);
        this.processed = new MinMaxPyramid(samplesPerBucket);
        this.processor = processor;
    }

    @Override
    public void appendSamples(int[] samples, int offset, int length) {
        raw.appendSamples(samples, offset, length);
        if (scratch.length < length) {
            scratch = Arrays.copyOf(scratch, Math.max(length, 2 * scratch.length));
        }
        processor.process(samples, offset, length, scratch, 0);
        processed.appendSamples(scratch, 0, length);
    }

    @Override
    public void appendGap(long missing) {
        raw.appendGap(missing);
        processor.gap(missing);
        processed.appendGap(missing);
    }

    public void finish() {
        raw.finish();
        processed.finish();
    }

    public MinMaxPyramid raw() {
        return raw;
    }

    public MinMaxPyramid processed() {
        return processed;
    }
}
