package org.audifleet.waveform.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.audifleet.signal.Detrend;
import org.audifleet.signal.TraceProcessor;
import org.audifleet.wire.SampleRunSink;

/**
 * What the min/max sees of a trace: its channels or their mix, optionally detrended over the whole input
 * and high-passed. Whole-input detrend reads the trace twice: once to estimate the mean or line of
 * everything, then again to correct it; a window {@code [from, to)} is still processed from position 0, so
 * the high-pass has the state it would have over the whole trace.
 */
final class TracePass {

    private final Trace trace;
    private final boolean mix;
    private final Detrend.Mode detrend;
    private final double highPassHz;

    /** @param highPassHz corner, 0 for none */
    TracePass(Trace trace, boolean mix, Detrend.Mode detrend, double highPassHz) {
        this.trace = trace;
        this.mix = mix || trace.channelCount() == 1;
        this.detrend = detrend;
        this.highPassHz = highPassHz;
    }

    Trace trace() {
        return trace;
    }

    /** Channels the pass hands out: 1 when mixed. */
    int outputs() {
        return mix ? 1 : trace.channelCount();
    }

    boolean processed() {
        return detrend != Detrend.Mode.NONE || highPassHz > 0;
    }

    /** 16-bit PCM values as they are (audiowaveform's scale); processed values are scaled by their peak. */
    boolean pcm16() {
        return trace.pcm16() && !processed();
    }

    void feed(long from, long to, List<? extends SampleRunSink> sinks) throws IOException {
        if (!processed()) {
            trace.feed(from, to, mix, sinks);
            return;
        }
        List<SampleRunSink> chain = new ArrayList<>();
        List<Observer> observers = new ArrayList<>();
        for (int c = 0; c < outputs(); c++) {
            observers.add(new Observer(new Detrend(detrend)));
        }
        if (detrend != Detrend.Mode.NONE) {
            trace.feed(0, trace.frames(), mix, observers);
        }
        for (int c = 0; c < outputs(); c++) {
            Detrend d = observers.get(c).detrend;
            d.freeze();
            chain.add(new Processed(new TraceProcessor(trace.sampleRate(), d, highPassHz), from, sinks.get(c)));
        }
        trace.feed(0, to, mix, chain);
    }

    /** Adds every present sample to a detrend estimate at its position. */
    private static final class Observer implements SampleRunSink {
        final Detrend detrend;
        long position;

        Observer(Detrend detrend) {
            this.detrend = detrend;
        }

        @Override
        public void appendSamples(int[] counts, int offset, int length) {
            detrend.observe(position, counts, offset, length);
            position += length;
        }

        @Override
        public void appendGap(long missingSamples) {
            position += missingSamples;
        }
    }

    /** Processes every position and hands on those from {@code skip} on. */
    private static final class Processed implements SampleRunSink {
        private final TraceProcessor processor;
        private final SampleRunSink next;
        private long skip;
        private int[] out = new int[0];

        Processed(TraceProcessor processor, long skip, SampleRunSink next) {
            this.processor = processor;
            this.skip = skip;
            this.next = next;
        }

        @Override
        public void appendSamples(int[] counts, int offset, int length) {
            if (out.length < length) {
                out = new int[length];
            }
            processor.process(counts, offset, length, out, 0);
            int dropped = (int) Math.min(skip, length);
            skip -= dropped;
            if (dropped < length) {
                next.appendSamples(out, dropped, length - dropped);
            }
        }

        @Override
        public void appendGap(long missingSamples) {
            processor.gap(missingSamples);
            long dropped = Math.min(skip, missingSamples);
            skip -= dropped;
            if (dropped < missingSamples) {
                next.appendGap(missingSamples - dropped);
            }
        }
    }
}
