package org.audifleet.signal;

/**
 * The processed trace: detrend, then an optional high-pass, rounded back to int32 counts (clamped).
 *
 * <p>Streaming: each block is first added to the {@link Detrend} estimate, then detrended with it. Across a
 * gap the high-pass is restarted (primed with the first sample after it) because the values inside the gap
 * are unknown: carrying the state over would turn any drift during the gap into a step response.
 */
public final class TraceProcessor {

    private final Detrend detrend;
    private final HighPassFilter highPass;
    private long position;

    /** @param highPassHz corner frequency, or 0 for none */
    public TraceProcessor(double sampleRate, Detrend detrend, double highPassHz) {
        this.detrend = detrend;
        this.highPass = highPassHz > 0 ? new HighPassFilter(highPassHz, sampleRate) : null;
    }

    public TraceProcessor(double sampleRate, Detrend.Mode detrend, double highPassHz) {
        this(sampleRate, new Detrend(detrend), highPassHz);
    }

    /** Processes {@code length} samples into {@code out} from {@code outOffset} ({@code out} may be {@code in}). */
    public void process(int[] in, int offset, int length, int[] out, int outOffset) {
        detrend.observe(position, in, offset, length);
        double base = detrend.trendAt(position);
        double slope = detrend.trendAt(position + 1) - base;
        for (int i = 0; i < length; i++) {
            double x = in[offset + i] - (base + slope * i);
            if (highPass != null) {
                x = highPass.next(x);
            }
            out[outOffset + i] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round(x)));
        }
        position += length;
    }

    public void gap(long missing) {
        position += missing;
        if (highPass != null && missing > 0) {
            highPass.reset();
        }
    }
}
