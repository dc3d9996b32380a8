package org.audifleet.player.output;

/**
 * Where the render thread writes audio: a station's output, as {@code --output} names it (a sound card, a WAV file,
 * nothing, or a test's capture). The engine calls {@link #configure} once (from the thread that starts it),
 * then {@link #process} from its render thread for every period, then {@link #shutdown} once from the render thread.
 *
 * <p>Implementations allocate everything in {@code configure}: {@code process} runs on the render thread and must
 * not allocate, lock, log or block on anything but the device itself.
 */
public interface AudioOutput {

    /** Opens the output and allocates every buffer {@code process} needs. */
    void configure(OutputFormat format);

    /**
     * Writes {@code frames} mono samples from {@code period[0..frames)}, each in [-1, 1] (louder values clip).
     * {@code frames} is at most the configured period; the last period of a session is usually shorter.
     */
    void process(float[] period, int frames);

    /** Lets what was written play out, then releases the output. */
    void shutdown();

    /**
     * Whether {@code process} is paced by a clock (a sound card). The engine fills pauses and underruns with
     * silence for such sinks, because a device that runs dry clicks or stalls; for the others (files, captures)
     * it simply waits for data, so they receive exactly the session's audio.
     */
    default boolean realTime() {
        return false;
    }

    /**
     * Times the device itself ran dry (its buffer emptied before the next period arrived, so the listener heard
     * inserted silence), one per episode. Not the engine's underruns, which count an empty session buffer. 0 for
     * outputs without a device behind them.
     */
    default long deviceDropouts() {
        return 0;
    }

    /** Total length of the silence those {@link #deviceDropouts()} inserted, in milliseconds. */
    default double dropoutMillis() {
        return 0;
    }

    /** The device's readings after each write (time, frames written, frames played); NONE without a device. */
    default PlayoutReadings playout() {
        return PlayoutReadings.NONE;
    }

    /** One line saying where the audio goes, for logs and the CLI. */
    String describe();
}
