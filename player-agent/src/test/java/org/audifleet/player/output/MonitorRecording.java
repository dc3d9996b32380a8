package org.audifleet.player.output;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Records the PulseAudio null sink's monitor with {@code parec} on a thread, for the device tests; skips the test
 * (or fails it, with {@code AUDIFLEET_REQUIRE_SOUND_DEVICE=true}) when there is no {@code parec}, no server with a
 * null sink {@code station} on XDG_RUNTIME_DIR, or no Java Sound output line.
 */
public final class MonitorRecording implements AutoCloseable {

    private static final OutputFormat FORMAT = OutputFormat.mono(44100, 512);

    private final Process process;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Thread reader;

    MonitorRecording() throws Exception {
        this(java.util.List.of("nice", "-n", "-10"), java.util.List.of());
    }

    MonitorRecording(java.util.List<String> prefix, java.util.List<String> options) throws Exception {
        requireOrSkip(onPath("parec"), "no parec on PATH (Debian package pulseaudio-utils)");
        String monitor = System.getenv().getOrDefault("AUDIFLEET_SOUND_MONITOR", "station.monitor");
        // Above the load the dropout test makes (nice -10 where allowed; GNU nice runs it unchanged otherwise), so
        // that a recorder starved of CPU does not lose what the sink played and look like a dropout.
        java.util.List<String> command = new java.util.ArrayList<>(prefix);
        command.addAll(java.util.List.of("parec", "-d", monitor, "--format=s16le", "--rate=44100", "--channels=1"));
        command.addAll(options);
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                in.transferTo(bytes);
            } catch (IOException e) {
                // the process was stopped
            }
        }, "parec-reader");
        reader.start();
        Thread.sleep(300);
        requireOrSkip(process.isAlive(), "parec could not record " + monitor
                + " (no PulseAudio server with a null sink 'station' on XDG_RUNTIME_DIR="
                + System.getenv("XDG_RUNTIME_DIR") + ")");
        requireOrSkip(JavaSoundDevices.probe(FORMAT) == null,
                "Java Sound cannot open an output line: " + JavaSoundDevices.probe(FORMAT));
    }

    public static void requireOrSkip(boolean available, String why) {
        if (available) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("AUDIFLEET_REQUIRE_SOUND_DEVICE"))) {
            Assertions.fail("AUDIFLEET_REQUIRE_SOUND_DEVICE=true but " + why);
        }
        Assumptions.abort(why + " (set AUDIFLEET_REQUIRE_SOUND_DEVICE=true to make this a failure)");
    }

    public static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (new File(dir, program).canExecute()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits (up to 3 s) until the recorder has delivered its first samples: one with a 1 s record buffer delivers
     * nothing for up to a second, and a session with audio from its first frame must not start before both
     * recorders hear the monitor (without this, 3 of about 9 demo-shaped runs had a recording that lacked the
     * session's start).
     */
    void awaitFirstSamples() throws InterruptedException {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < deadline) {
            synchronized (bytes) {
                if (bytes.size() > 0) {
                    return;
                }
            }
            Thread.sleep(10);
        }
    }

    /** Stops recording and returns the 16-bit mono samples recorded. */
    short[] stop() throws InterruptedException {
        process.destroy();
        process.waitFor(2, TimeUnit.SECONDS);
        reader.join(2000);
        byte[] b = bytes.toByteArray();
        short[] s = new short[b.length / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = (short) ((b[2 * i] & 0xff) | (b[2 * i + 1] << 8));
        }
        return s;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
