package org.audifleet.player.output;

/**
 * What the engine hands a sink: mono float periods of at most {@code periodFrames} frames at {@code sampleRate}.
 *
 * @param sampleRate device frames per second, e.g. 44100
 * @param channels always 1 for now: a session is one stream, and duplicating it to stereo is the device's job
 * @param periodFrames the largest {@code frames} a {@link AudioOutput#process} call receives
 */
public record OutputFormat(int sampleRate, int channels, int periodFrames) {

    public OutputFormat {
        if (sampleRate < 8000 || sampleRate > 192000) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " is outside 8000..192000 Hz");
        }
        if (channels != 1) {
            throw new IllegalArgumentException("only mono output is supported, got " + channels + " channels");
        }
        if (periodFrames < 16 || periodFrames > 16384) {
            throw new IllegalArgumentException("period of " + periodFrames + " frames is outside 16..16384");
        }
    }

    public static OutputFormat mono(int sampleRate, int periodFrames) {
        return new OutputFormat(sampleRate, 1, periodFrames);
    }

    /** Duration of {@code frames} frames in nanoseconds. */
    public long nanosOf(long frames) {
        return frames * 1_000_000_000L / sampleRate;
    }
}
