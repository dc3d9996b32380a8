package org.audifleet.player.output;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns a station's output spec into a sink.
 *
 * <ul>
 *   <li>{@code auto}: the default sound device if Java Sound can open an output line on it, else a WAV file at the
 *       fallback path, with one line sent to {@code notices} saying why;</li>
 *   <li>{@code wav:FILE}: a WAV file, written faster than real time;</li>
 *   <li>{@code wav:-}: the same WAV streamed to {@code stdout} (a streaming header, {@link WavStreamOutput}), for
 *       {@code play} only: the other callers have no stdout to give;</li>
 *   <li>{@code null}: discard ({@code null:realtime} paces like a device);</li>
 *   <li>{@code device:NAME}: the first output mixer whose name contains NAME (case-insensitive); an error lists
 *       the available ones when none matches.</li>
 * </ul>
 */
public final class Outputs {

    private Outputs() {
    }

    public static AudioOutput open(String spec, OutputFormat format, Path wavFallback, Consumer<String> notices) {
        return open(spec, format, JavaSoundOutput.DEFAULT_LINE_BUFFER_BYTES, wavFallback, notices);
    }

    public static AudioOutput open(String spec, OutputFormat format, int lineBufferBytes, Path wavFallback,
            Consumer<String> notices) {
        return open(spec, format, lineBufferBytes, wavFallback, null, notices);
    }

    /**
     * As above, with the stream {@code wav:-} writes to ({@code play}'s stdout); {@code null} where there is none,
     * and then {@code wav:-} is refused rather than writing a file named {@code -}.
     */
    public static AudioOutput open(String spec, OutputFormat format, int lineBufferBytes, Path wavFallback,
            OutputStream stdout, Consumer<String> notices) {
        String s = spec == null ? "auto" : spec.trim();
        if (s.equals("auto")) {
            String why = JavaSoundDevices.probe(format);
            if (why == null) {
                return new JavaSoundOutput(null, lineBufferBytes);
            }
            notices.accept("no sound device (Java Sound cannot open a " + format.sampleRate()
                    + " Hz 16-bit mono line: " + why + "); writing WAV to " + wavFallback);
            return new WavFileOutput(wavFallback);
        }
        if (s.equals("wav:-")) {
            if (stdout == null) {
                throw new IllegalArgumentException("wav:- streams to stdout, which only `play` offers: give a file,"
                        + " wav:FILE");
            }
            return new WavStreamOutput(stdout, "stdout");
        }
        if (s.startsWith("wav:") && s.length() > 4) {
            return new WavFileOutput(Path.of(s.substring(4)));
        }
        if (s.equals("null")) {
            return new NullOutput(false);
        }
        if (s.equals("null:realtime")) {
            return new NullOutput(true);
        }
        if (s.startsWith("device:") && s.length() > 7) {
            String name = s.substring(7);
            if (JavaSoundDevices.findMixer(name) == null) {
                throw new IllegalArgumentException("no output device matches '" + name + "'; available: "
                        + describe(devices()));
            }
            return new JavaSoundOutput(name, lineBufferBytes);
        }
        throw new IllegalArgumentException("unknown output '" + spec
                + "': expected auto, wav:FILE, null, null:realtime, device:NAME or"
                + " wav:- (stdout)");
    }

    /** Mixers that offer an output line, by the names {@code device:NAME} matches against. */
    public static List<String> devices() {
        return List.copyOf(JavaSoundDevices.devices());
    }

    private static String describe(List<String> names) {
        return names.isEmpty() ? "none (Java Sound lists no output mixer)" : String.join(", ", names);
    }
}
