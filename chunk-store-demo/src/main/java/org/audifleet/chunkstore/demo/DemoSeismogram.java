package org.audifleet.chunkstore.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * A synthetic 100 Hz vertical seismogram in Int32 counts, the same for the same seed and origin.
 * Built to be worth listening to at 441x (1 Hz in the ground becomes 441 Hz):
 * <ul>
 * <li>microseism, the ocean-driven background (0.1–0.4 Hz, a 45–180 Hz rumble when audified), about
 * 12,000 counts RMS with a slow swell, plus broadband instrument noise;</li>
 * <li>a local earthquake {@link #EARTHQUAKE_P} after the origin: a P arrival (2–12 Hz), the S arrival
 * {@value #S_MINUS_P_SECONDS} s later at about four times the amplitude (0.7–6 Hz, the thump) and a
 * coda decaying over a few minutes (the rumble);</li>
 * <li>harmonic volcanic tremor from {@link #TREMOR_START} for {@link #TREMOR_LENGTH}: a gliding
 * 1.6 Hz fundamental with four overtones (a hum around 700 Hz when audified);</li>
 * <li>a few smaller earthquakes at seeded times, one every 2.5 h or so from 2 h after the origin.</li>
 * </ul>
 * Samples stay within ±{@link #PEAK_LIMIT}, so they survive a round trip through float exactly.
 *
 * <p>Generation is sequential ({@link #fill}): the filters carry state from sample to sample, which
 * keeps a day cheap to produce without holding it.
 */
public final class DemoSeismogram {

    public static final double SAMPLE_RATE = 100.0;
    /** Largest magnitude of any sample: below 2^22, so a float holds every sample exactly. */
    public static final int PEAK_LIMIT = (1 << 22) - 1;

    public static final Duration EARTHQUAKE_P = Duration.ofMinutes(12);
    public static final double S_MINUS_P_SECONDS = 4.6;
    public static final Duration TREMOR_START = Duration.ofMinutes(50);
    public static final Duration TREMOR_LENGTH = Duration.ofMinutes(35);

    static final double MICROSEISM_RMS = 12_000;
    static final double BROADBAND_RMS = 400;
    static final double MAIN_QUAKE_S_RMS = 350_000;
    static final double TREMOR_AMPLITUDE = 40_000;

    private static final double FIRST_AFTERSHOCK_SECONDS = 2 * 3600;
    private static final double AFTERSHOCK_SPACING_SECONDS = 2.5 * 3600;
    /** Beyond this a quake's coda is far below the background; skip the arithmetic. */
    private static final double QUAKE_SPAN_SECONDS = 600;
    private static final double[] TREMOR_OVERTONES = {1.0, 0.55, 0.35, 0.2, 0.12};

    /** What happens when, for logs and for people choosing where to listen. */
    public record Event(String kind, Instant start, Instant end, String description) {
    }

    private record Quake(double pSeconds, double sMinusP, double sRms, double fastTau, double slowTau) {
    }

    private final long seed;
    private final Instant origin;
    private final Random noise;
    private final Biquad.Chain microseism;
    private final Biquad.Chain pBand;
    private final Biquad.Chain sBand;
    private final double microseismScale;
    private final double pScale;
    private final double sScale;
    private final double swellPhase;
    private final Quake mainQuake;
    private long position;
    private double tremorPhase;
    private long aftershockIndex = -1;
    private Quake aftershock;

    public DemoSeismogram(long seed, Instant origin) {
        this.seed = seed;
        this.origin = Objects.requireNonNull(origin, "origin");
        this.noise = new Random(seed);
        this.microseism = new Biquad.Chain(Biquad.highPass(SAMPLE_RATE, 0.1, 0.707),
                Biquad.highPass(SAMPLE_RATE, 0.1, 0.707), Biquad.lowPass(SAMPLE_RATE, 0.4, 0.707),
                Biquad.lowPass(SAMPLE_RATE, 0.4, 0.707));
        this.pBand = new Biquad.Chain(Biquad.highPass(SAMPLE_RATE, 2, 0.707), Biquad.lowPass(SAMPLE_RATE, 12, 0.707));
        this.sBand = new Biquad.Chain(Biquad.highPass(SAMPLE_RATE, 0.7, 0.707),
                Biquad.lowPass(SAMPLE_RATE, 6, 0.707));
        this.microseismScale = MICROSEISM_RMS / microseism.whiteNoiseGain(200_000);
        this.pScale = 1 / pBand.whiteNoiseGain(20_000);
        this.sScale = 1 / sBand.whiteNoiseGain(20_000);
        this.swellPhase = noise.nextDouble() * 2 * Math.PI;
        this.mainQuake = new Quake(EARTHQUAKE_P.toMillis() / 1000.0, S_MINUS_P_SECONDS, MAIN_QUAKE_S_RMS, 10, 60);
        // Let the slow microseism filters settle so sample 0 already looks like the middle of a record.
        for (int i = 0; i < 60_000; i++) {
            microseism.next(noise.nextGaussian());
        }
    }

    public long seed() {
        return seed;
    }

    /** Time of sample 0. */
    public Instant origin() {
        return origin;
    }

    /** Samples produced so far: the next {@link #fill} starts at {@code origin + position / 100 Hz}. */
    public long position() {
        return position;
    }

    /** Produces the next {@code length} samples into {@code out[offset ..]}. */
    public void fill(int[] out, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, out.length);
        for (int i = 0; i < length; i++) {
            out[offset + i] = next();
        }
    }

    private int next() {
        double t = position / SAMPLE_RATE;
        position++;
        double swell = 1 + 0.35 * Math.sin(2 * Math.PI * t / (5.3 * 3600) + swellPhase);
        double value = microseism.next(noise.nextGaussian()) * microseismScale * swell
                + noise.nextGaussian() * BROADBAND_RMS;
        double p = pBand.next(noise.nextGaussian()) * pScale;
        double s = sBand.next(noise.nextGaussian()) * sScale;
        value += quake(mainQuake, t, p, s);
        Quake later = aftershockNear(t);
        if (later != null) {
            value += quake(later, t, p, s);
        }
        value += tremor(t);
        return (int) Math.max(-PEAK_LIMIT, Math.min(PEAK_LIMIT, Math.round(value)));
    }

    private static double quake(Quake quake, double t, double p, double s) {
        double sincePArrival = t - quake.pSeconds();
        if (sincePArrival < 0 || sincePArrival > QUAKE_SPAN_SECONDS) {
            return 0;
        }
        double pRms = 0.25 * quake.sRms();
        double value = pRms * (1 - Math.exp(-sincePArrival / 0.1)) * Math.exp(-sincePArrival / 3.0) * p;
        double sinceS = sincePArrival - quake.sMinusP();
        if (sinceS >= 0) {
            double envelope = (1 - Math.exp(-sinceS / 0.25))
                    * (0.75 * Math.exp(-sinceS / quake.fastTau()) + 0.25 * Math.exp(-sinceS / quake.slowTau()));
            value += quake.sRms() * envelope * s;
        }
        return value;
    }

    private Quake aftershockNear(double t) {
        long k = (long) Math.floor((t - FIRST_AFTERSHOCK_SECONDS) / AFTERSHOCK_SPACING_SECONDS);
        if (k < 0) {
            return null;
        }
        if (k != aftershockIndex) {
            aftershockIndex = k;
            aftershock = aftershock(k);
        }
        return aftershock;
    }

    /** The k-th smaller quake, placed in the first 60 % of its slot so its coda ends inside the slot. */
    private Quake aftershock(long k) {
        Random r = new Random(scramble(seed + 0x9E3779B97F4A7C15L * (k + 1)));
        double p = FIRST_AFTERSHOCK_SECONDS + k * AFTERSHOCK_SPACING_SECONDS
                + r.nextDouble() * 0.6 * AFTERSHOCK_SPACING_SECONDS;
        double sMinusP = 3 + r.nextDouble() * 9;
        double rms = 40_000 + r.nextDouble() * 160_000;
        return new Quake(p, sMinusP, rms, 6 + r.nextDouble() * 6, 30 + r.nextDouble() * 30);
    }

    /**
     * A 64-bit finaliser (xor-shift-multiply rounds) so that neighbouring slot numbers give unrelated
     * seeds: java.util.Random's first outputs for nearby seeds are nearly equal.
     */
    private static long scramble(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private double tremor(double t) {
        double start = TREMOR_START.getSeconds();
        double end = start + TREMOR_LENGTH.getSeconds();
        if (t < start || t >= end) {
            return 0;
        }
        double fundamental = 1.6 * (1 + 0.08 * Math.sin(2 * Math.PI * (t - start) / 420));
        tremorPhase = (tremorPhase + 2 * Math.PI * fundamental / SAMPLE_RATE) % (2 * Math.PI);
        double envelope = ramp((t - start) / 240) * ramp((end - t) / 360)
                * (1 + 0.25 * Math.sin(2 * Math.PI * (t - start) / 95));
        double value = 0;
        for (int n = 0; n < TREMOR_OVERTONES.length; n++) {
            value += TREMOR_OVERTONES[n] * Math.sin((n + 1) * tremorPhase);
        }
        return TREMOR_AMPLITUDE * envelope * value;
    }

    /** Raised-cosine fade: 0 at x = 0, 1 from x = 1 on. */
    private static double ramp(double x) {
        return x >= 1 ? 1 : 0.5 - 0.5 * Math.cos(Math.PI * Math.max(0, x));
    }

    /** The events inside {@code [origin, origin + span)}, in time order. */
    public List<Event> events(Duration span) {
        double spanSeconds = span.toMillis() / 1000.0;
        List<Event> events = new ArrayList<>();
        List<Quake> quakes = new ArrayList<>();
        quakes.add(mainQuake);
        for (long k = 0; FIRST_AFTERSHOCK_SECONDS + k * AFTERSHOCK_SPACING_SECONDS < spanSeconds; k++) {
            quakes.add(aftershock(k));
        }
        for (Quake quake : quakes) {
            if (quake.pSeconds() < spanSeconds) {
                events.add(new Event("earthquake", at(quake.pSeconds()), at(quake.pSeconds() + 4 * quake.slowTau()),
                        String.format(Locale.ROOT, "P arrival, S %.1f s later at ~%,.0f counts RMS",
                                quake.sMinusP(), quake.sRms())));
            }
        }
        double tremorStart = TREMOR_START.getSeconds();
        if (tremorStart < spanSeconds) {
            events.add(new Event("tremor", at(tremorStart), at(tremorStart + TREMOR_LENGTH.getSeconds()),
                    "harmonic tremor, 1.6 Hz fundamental with overtones"));
        }
        events.sort((a, b) -> a.start().compareTo(b.start()));
        return events;
    }

    private Instant at(double seconds) {
        return origin.plusMillis(Math.round(seconds * 1000));
    }
}
