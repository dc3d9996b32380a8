package org.audifleet.player.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.audifleet.player.output.AudioOutput;
import org.audifleet.player.output.OutputFormat;

/**
 * Wraps the sink a measured engine writes to and records, from the render thread, when each {@code process}
 * call began (the period is rendered) and returned (the device took it), into arrays sized up front, so the probe
 * adds no allocation to the loop it measures. It also remembers the render thread, so another thread can read the
 * JVM's allocation counter for it (com.sun.management.ThreadMXBean).
 */
final class PeriodProbe implements AudioOutput {

    private final AudioOutput device;
    private final long[] entered;
    private final long[] returned;
    private volatile int periods;
    private volatile Thread renderThread;
    private OutputFormat format;

    PeriodProbe(AudioOutput device, int maxPeriods) {
        this.device = device;
        this.entered = new long[maxPeriods];
        this.returned = new long[maxPeriods];
    }

    @Override
    public void configure(OutputFormat format) {
        this.format = format;
        device.configure(format);
    }

    @Override
    public void process(float[] period, int frames) {
        int n = periods;
        if (n == 0) {
            renderThread = Thread.currentThread();
        }
        long in = System.nanoTime();
        device.process(period, frames);
        if (n < entered.length) {
            entered[n] = in;
            returned[n] = System.nanoTime();
        }
        periods = n + 1;
    }

    @Override
    public void shutdown() {
        device.shutdown();
    }

    @Override
    public boolean realTime() {
        return device.realTime();
    }

    @Override
    public long deviceDropouts() {
        return device.deviceDropouts();
    }

    @Override
    public double dropoutMillis() {
        return device.dropoutMillis();
    }

    @Override
    public String describe() {
        return device.describe();
    }

    AudioOutput device() {
        return device;
    }

    int periods() {
        return periods;
    }

    /** Nominal length of a full period in nanoseconds. */
    long nominalNanos() {
        return format.nanosOf(format.periodFrames());
    }

    /** Bytes the JVM has charged to the render thread so far, or -1 before its first period. */
    long renderThreadAllocatedBytes() {
        Thread t = renderThread;
        if (t == null) {
            return -1;
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        return threads.getThreadAllocatedBytes(t.getId());
    }

    /** Timing of periods {@code [from, to)}, in milliseconds. */
    Timing timing(int from, int to) {
        to = Math.min(to, Math.min(periods, entered.length));
        int count = Math.max(0, to - from - 1);
        double[] interval = new double[count];
        double[] render = new double[count];
        double[] inSink = new double[count];
        for (int i = 0; i < count; i++) {
            int p = from + i + 1;
            interval[i] = (returned[p] - returned[p - 1]) / 1e6;
            render[i] = (entered[p] - returned[p - 1]) / 1e6;
            inSink[i] = (returned[p] - entered[p]) / 1e6;
        }
        return new Timing(nominalNanos() / 1e6, interval, render, inSink);
    }

    /** The {@code count} longest intervals in periods {@code [from, to)}: "ms at +s", s since period {@code from}. */
    String longest(int from, int to, int count) {
        to = Math.min(to, Math.min(periods, entered.length));
        List<int[]> order = new ArrayList<>();
        for (int p = from + 1; p < to; p++) {
            order.add(new int[] {p});
        }
        order.sort((a, b) -> Long.compare(returned[b[0]] - returned[b[0] - 1], returned[a[0]] - returned[a[0] - 1]));
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(count, order.size()); i++) {
            int p = order.get(i)[0];
            s.append(i == 0 ? "" : ", ").append(String.format("%.1f ms at +%.1f s", (returned[p] - returned[p - 1]) / 1e6,
                    (returned[p] - returned[from]) / 1e9));
        }
        return s.toString();
    }

    /**
     * @param interval time between successive {@code process} returns (what a device's clock shows)
     * @param render time from one return to the next call: the engine rendering a period
     * @param inSink time spent inside {@code process}: waiting for the device
     */
    record Timing(double nominalMs, double[] interval, double[] render, double[] inSink) {

        static String header() {
            return String.format("%-26s %7s %7s %7s %7s %7s %7s", "ms", "n", "p50", "p95", "p99", "max", "mean");
        }

        String rows() {
            return row("interval (return->return)", interval) + System.lineSeparator()
                    + row("|interval - nominal|", deviation()) + System.lineSeparator()
                    + row("render (return->call)", render) + System.lineSeparator()
                    + row("in sink (call->return)", inSink);
        }

        double[] deviation() {
            double[] d = new double[interval.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = Math.abs(interval[i] - nominalMs);
            }
            return d;
        }

        /** Intervals longer than {@code ms}: periods the device had to cover from its own buffer. */
        int longerThan(double ms) {
            int n = 0;
            for (double v : interval) {
                n += v > ms ? 1 : 0;
            }
            return n;
        }

        static String row(String name, double[] values) {
            double[] v = values.clone();
            Arrays.sort(v);
            double mean = Arrays.stream(v).average().orElse(Double.NaN);
            return String.format("%-26s %7d %7.2f %7.2f %7.2f %7.2f %7.2f", name, v.length, pct(v, 50), pct(v, 95),
                    pct(v, 99), v.length == 0 ? Double.NaN : v[v.length - 1], mean);
        }

        static double pct(double[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }
    }
}
