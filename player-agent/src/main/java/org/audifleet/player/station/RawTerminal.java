package org.audifleet.player.station;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The controlling terminal in non-canonical, no-echo mode through {@code stty}, so single key presses reach the
 * player without Enter. {@link #restore()} puts the saved settings back; it is idempotent and also runs from the
 * shutdown hook on Ctrl-C (signals stay enabled: Ctrl-C still interrupts).
 */
public final class RawTerminal {

    private static final File TTY = new File("/dev/tty");

    private final String saved;
    private volatile boolean restored;

    private RawTerminal(String saved) {
        this.saved = saved;
    }

    /**
     * Switches {@code /dev/tty} to raw-ish mode: reads return after a key or after 0.2 s ({@code min 0 time 2}), so
     * the key thread can notice that playback ended. Null when there is no terminal or stty fails.
     */
    public static RawTerminal enter() {
        if (!TTY.canRead()) {
            return null;
        }
        try {
            String saved = stty("-g").trim();
            if (saved.isEmpty()) {
                return null;
            }
            stty("-icanon", "-echo", "min", "0", "time", "2");
            return new RawTerminal(saved);
        } catch (IOException e) {
            return null;
        }
    }

    public synchronized void restore() {
        if (restored) {
            return;
        }
        restored = true;
        try {
            stty(saved);
        } catch (IOException e) {
            // Best effort; `stty sane` fixes a terminal left behind.
        }
    }

    /** Terminal width in columns, from {@code stty size}, or {@code fallback}. */
    public static int columns(int fallback) {
        try {
            String[] rowsCols = stty("size").trim().split("\\s+");
            int cols = rowsCols.length == 2 ? Integer.parseInt(rowsCols[1]) : 0;
            return cols > 0 ? cols : fallback;
        } catch (IOException | NumberFormatException e) {
            return fallback;
        }
    }

    private static String stty(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("stty");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectInput(TTY).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                throw new IOException("stty " + String.join(" ", args) + " failed");
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running stty", e);
        }
    }
}
