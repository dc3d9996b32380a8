package org.audifleet.fetcher.origin.fdsn;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a session window is cut into dataselect queries, and where each query's samples sit on the session's
 * sample grid.
 *
 * <p>Policy {@code auto}: the first chunk is 10 min (a small first download, so audio starts soon), every
 * further one 1 h (fewer requests). A fixed policy is a duration from 1 min to 6 h: {@code 10m}, {@code 30m},
 * {@code 1h}, {@code 6h}, {@code 90s}... The last chunk ends with the window.
 *
 * <p>The session grid is {@code start + k / rate}; it keeps the grid samples with {@code start <= t < end}, a
 * window edge between two grid samples rounding up (as the chunk store does). Chunk {@code i} owns grid samples
 * {@code [K(t_i), K(t_i+1))} where {@code K(t)} is the first grid sample at or after {@code t}; its ChunkRecord
 * start is the time of its first grid sample, so the chunks tile the session grid with no sample lost or doubled.
 */
final class FdsnChunkPlan {

    static final Duration AUTO_FIRST = Duration.ofMinutes(10);
    static final Duration AUTO_REST = Duration.ofHours(1);
    static final Duration MIN = Duration.ofMinutes(1);
    static final Duration MAX = Duration.ofHours(6);
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([smh])");

    private final Duration first;
    private final Duration rest;

    private FdsnChunkPlan(Duration first, Duration rest) {
        this.first = first;
        this.rest = rest;
    }

    static FdsnChunkPlan parse(String policy) {
        String p = policy == null ? "auto" : policy.trim().toLowerCase(Locale.ROOT);
        if (p.equals("auto")) {
            return new FdsnChunkPlan(AUTO_FIRST, AUTO_REST);
        }
        Matcher m = SIZE.matcher(p);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown chunk policy '" + policy
                    + "' for an fdsn origin (use auto, or a size like 10m, 1h, 6h)");
        }
        long n = Long.parseLong(m.group(1));
        Duration size = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
        if (size.compareTo(MIN) < 0 || size.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("chunk size " + policy + " is outside 1m..6h");
        }
        return new FdsnChunkPlan(size, size);
    }

    /** One chunk: its query window and its grid samples. */
    record Window(long startMicros, long endMicros, long firstSample, int sampleCount) {
    }

    /** The chunks of {@code [start, end)} at {@code rate}; chunks that would hold no grid sample are left out. */
    List<Window> windows(long startMicros, long endMicros, double rate) {
        List<Long> bounds = bounds(startMicros, endMicros);
        List<Window> windows = new ArrayList<>();
        for (int i = 0; i + 1 < bounds.size(); i++) {
            long k0 = firstSampleAtOrAfter(bounds.get(i) - startMicros, rate);
            long k1 = firstSampleAtOrAfter(bounds.get(i + 1) - startMicros, rate);
            if (k1 > k0) {
                long chunkStart = startMicros + Math.round(k0 * 1e6 / rate);
                long chunkEnd = i + 2 == bounds.size() ? endMicros : startMicros + Math.round(k1 * 1e6 / rate);
                windows.add(new Window(chunkStart, chunkEnd, k0, Math.toIntExact(k1 - k0)));
            }
        }
        return windows;
    }

    /** The policy's chunk boundaries in time, window start and end included (they do not depend on the rate). */
    List<Long> bounds(long startMicros, long endMicros) {
        List<Long> bounds = new ArrayList<>();
        long t = startMicros;
        Duration size = first;
        while (t < endMicros) {
            bounds.add(t);
            t = Math.min(endMicros, t + size.toNanos() / 1000);
            size = rest;
        }
        bounds.add(endMicros);
        return bounds;
    }

    /** K(t): the first grid sample at or after {@code offsetMicros} (a hair of float error forgiven). */
    static long firstSampleAtOrAfter(long offsetMicros, double rate) {
        return (long) Math.ceil(offsetMicros * rate / 1e6 - 1e-6);
    }

    @Override
    public String toString() {
        return first.equals(rest) ? first.toString() : "auto";
    }
}
