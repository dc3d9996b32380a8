package org.audifleet.waveform.cli;

import org.audifleet.wire.SampleRunSink;

/** Passes on positions {@code [from, to)} of what it is handed. */
final class Window implements SampleRunSink {
    private final long from;
    private final long to;
    private final SampleRunSink next;
    private long at;

    Window(long from, long to, SampleRunSink next) {
        this.from = from;
        this.to = to;
        this.next = next;
    }

    @Override
    public void appendSamples(int[] counts, int offset, int length) {
        long lo = Math.max(at, from);
        long hi = Math.min(at + length, to);
        if (lo < hi) {
            next.appendSamples(counts, offset + (int) (lo - at), (int) (hi - lo));
        }
        at += length;
    }

    @Override
    public void appendGap(long missing) {
        long lo = Math.max(at, from);
        long hi = Math.min(at + missing, to);
        if (lo < hi) {
            next.appendGap(hi - lo);
        }
        at += missing;
    }
}
