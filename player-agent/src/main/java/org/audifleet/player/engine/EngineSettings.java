package org.audifleet.player.engine;

import org.audifleet.player.output.OutputFormat;

/**
 * How the engine renders one session.
 *
 * @param deviceRate output frames per second (44100)
 * @param periodFrames frames rendered and handed to the sink at a time (512 = 11.6 ms at 44.1 kHz)
 * @param sourceRate the stream's sample rate (100 Hz for most seismometer channels)
 * @param baseSpeed audification factor at speed 1× (441: 100 Hz data plays at 44.1 kHz)
 * @param prerollSamples source samples buffered before playback starts (or the session ends)
 * @param capacitySamples source samples the session buffer keeps at most
 * @param resamplerTaps windowed-sinc length in source samples at or below 1× (even, 8..256)
 */
public record EngineSettings(int deviceRate, int periodFrames, double sourceRate, double baseSpeed,
        long prerollSamples, long capacitySamples, int resamplerTaps) {

    public static final int DEFAULT_DEVICE_RATE = 44100;
    public static final int DEFAULT_PERIOD_FRAMES = 512;
    public static final double DEFAULT_BASE_SPEED = 441;
    public static final int DEFAULT_RESAMPLER_TAPS = 64;
    /**
     * Pre-roll as audio time at base speed: 100 ms (4410 samples at 100 Hz × 441). It must outlast the gap between
     * two blocks arriving: a transactional Kafka hop is 14–20 ms at p99 here and a young GC ~23 ms, so 100 ms is
     * about twice their sum, while adding at most 100 ms to time-to-first-audio, and only when the first block is
     * smaller than that (a 10-minute chunk is 60,000 samples, so usually never).
     */
    public static final double DEFAULT_PREROLL_SECONDS = 0.1;
    public static final double DEFAULT_CAPACITY_HOURS = 24;
    /** Slowest and fastest speed multipliers {@link PlaybackEngine#setSpeed} accepts. */
    public static final double MIN_SPEED = 0.1;
    public static final double MAX_SPEED = 15;
    /**
     * Fastest base rate: source samples per second of audio at speed 1× (sourceRate × baseSpeed), the seed app's
     * 1 MHz: 10,000× for 100 Hz data. With {@link #MAX_SPEED} on top that is 15 million source samples per second,
     * 340 per output frame at 44.1 kHz; the session's decimated levels ({@link DecimatedLevel}, down to 1/64)
     * bring that to 5.3 level samples per frame for the {@link Resampler}, band-limited all the way.
     */
    public static final double MAX_BASE_RATE = 1_000_000;
    /** Softest and loudest volume {@link PlaybackEngine#setVolume} accepts (1 = unity gain). */
    public static final double MIN_VOLUME = 0;
    public static final double MAX_VOLUME = 2;

    public EngineSettings {
        if (deviceRate < 8000 || deviceRate > 192000) {
            throw new IllegalArgumentException("deviceRate " + deviceRate + " is outside 8000..192000");
        }
        if (periodFrames < 16 || periodFrames > 16384) {
            throw new IllegalArgumentException("periodFrames " + periodFrames + " is outside 16..16384");
        }
        if (!(sourceRate > 0) || Double.isInfinite(sourceRate)) {
            throw new IllegalArgumentException("sourceRate must be positive, got " + sourceRate);
        }
        if (!(baseSpeed > 0) || Double.isInfinite(baseSpeed)) {
            throw new IllegalArgumentException("baseSpeed must be positive, got " + baseSpeed);
        }
        double baseRate = sourceRate * baseSpeed;
        if (baseRate > MAX_BASE_RATE) {
            throw new IllegalArgumentException("sourceRate " + sourceRate + " Hz × baseSpeed " + baseSpeed + " plays "
                    + baseRate + " source samples per second at 1×; at most " + (long) MAX_BASE_RATE
                    + " are supported (10,000× for 100 Hz data)");
        }
        if (prerollSamples < 0) {
            throw new IllegalArgumentException("prerollSamples must not be negative, got " + prerollSamples);
        }
        if (capacitySamples < 1) {
            throw new IllegalArgumentException("capacitySamples must be positive, got " + capacitySamples);
        }
        if (resamplerTaps < 8 || resamplerTaps > 256 || resamplerTaps % 2 != 0) {
            throw new IllegalArgumentException("resamplerTaps must be even and in 8..256, got " + resamplerTaps);
        }
    }

    /** Defaults for a stream at {@code sourceRate}: 44.1 kHz, 512-frame periods, 441×, 100 ms pre-roll, 24 h. */
    public static EngineSettings defaults(double sourceRate) {
        return new EngineSettings(DEFAULT_DEVICE_RATE, DEFAULT_PERIOD_FRAMES, sourceRate, DEFAULT_BASE_SPEED,
                Math.round(sourceRate * DEFAULT_BASE_SPEED * DEFAULT_PREROLL_SECONDS),
                (long) Math.ceil(sourceRate * 3600 * DEFAULT_CAPACITY_HOURS), DEFAULT_RESAMPLER_TAPS);
    }

    public EngineSettings withPrerollSamples(long samples) {
        return new EngineSettings(deviceRate, periodFrames, sourceRate, baseSpeed, samples, capacitySamples,
                resamplerTaps);
    }

    public EngineSettings withCapacitySamples(long samples) {
        return new EngineSettings(deviceRate, periodFrames, sourceRate, baseSpeed, prerollSamples, samples,
                resamplerTaps);
    }

    public EngineSettings withPeriodFrames(int frames) {
        return new EngineSettings(deviceRate, frames, sourceRate, baseSpeed, prerollSamples, capacitySamples,
                resamplerTaps);
    }

    public EngineSettings withBaseSpeed(double speed) {
        return new EngineSettings(deviceRate, periodFrames, sourceRate, speed, prerollSamples, capacitySamples,
                resamplerTaps);
    }

    /** The same settings for a stream at another rate; throws if that passes {@link #MAX_BASE_RATE} at this base speed. */
    public EngineSettings withSourceRate(double hz) {
        return new EngineSettings(deviceRate, periodFrames, hz, baseSpeed, prerollSamples, capacitySamples,
                resamplerTaps);
    }

    public EngineSettings withResamplerTaps(int taps) {
        return new EngineSettings(deviceRate, periodFrames, sourceRate, baseSpeed, prerollSamples, capacitySamples,
                taps);
    }

    public OutputFormat sinkFormat() {
        return OutputFormat.mono(deviceRate, periodFrames);
    }

    /** Source samples per output frame at speed 1×: exactly 1.0 for 100 Hz × 441 → 44.1 kHz. */
    public double baseStep() {
        return sourceRate * baseSpeed / deviceRate;
    }

    /** A buffer sized to {@link #capacitySamples()}. */
    public SessionBuffer newBuffer() {
        return new SessionBuffer(capacitySamples);
    }
}
