package org.audifleet.player.station;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import org.audifleet.player.engine.PlaybackEngine;

/**
 * The live terminal view of {@code play}: a waveform line with a playhead over a status line, redrawn about 4 times a
 * second on stderr by its own thread, and (optionally) single-key controls read from {@code /dev/tty} by another.
 * Neither thread touches the render thread: they read the engine's volatile stats and write its control fields.
 *
 * <p>Two lines are redrawn in place: {@code \r}, clear-line, the waveform, newline, the status, cursor up. Lines are
 * cut to the terminal width so that nothing wraps.
 */
public final class StationView implements AutoCloseable {

    static final long REFRESH_MILLIS = 250;
    private static final long NOTE_NANOS = 4_000_000_000L;

    private final PlaybackEngine engine;
    private final StationControls controls;
    private final SessionOverview overview;
    private final PrintStream err;
    private final int width;
    private final boolean show;
    private final RawTerminal terminal;
    private final Thread drawer;
    private final Thread keyReader;
    private volatile boolean closed;
    private volatile String note;
    private volatile long noteNanos;
    private boolean drawn;

    private StationView(PlaybackEngine engine, StationControls controls, SessionOverview overview, PrintStream err,
            int width, boolean show, RawTerminal terminal) {
        this.show = show;
        this.engine = engine;
        this.controls = controls;
        this.overview = overview;
        this.err = err;
        this.width = width;
        this.terminal = terminal;
        this.drawer = new Thread(this::drawLoop, "station-status");
        drawer.setDaemon(true);
        this.keyReader = terminal == null ? null : new Thread(this::keyLoop, "station-keys");
        if (keyReader != null) {
            keyReader.setDaemon(true);
        }
    }

    /**
     * Starts the view: with {@code show} the two lines, with {@code keys} the key reader (without {@code show}, each
     * key's note is printed on a line of its own). With {@code keys}, the terminal goes to raw mode first (restored
     * by {@link #close()} or {@link #restoreTerminal()}); if that fails the view runs without keys and says so.
     */
    public static StationView start(PlaybackEngine engine, StationControls controls, SessionOverview overview,
            PrintStream err, int width, boolean show, boolean keys) {
        RawTerminal terminal = keys ? RawTerminal.enter() : null;
        StationView view = new StationView(engine, controls, overview, err, width, show, terminal);
        if (keys && terminal == null) {
            view.note("keys off: could not put the terminal in raw mode");
        } else if (keys) {
            view.note(Key.HELP_TEXT);
        }
        if (show) {
            view.drawer.start();
        }
        if (view.keyReader != null) {
            view.keyReader.start();
        }
        return view;
    }

    void note(String text) {
        note = text;
        noteNanos = System.nanoTime();
        if (!show) {
            err.println("player-agent: " + text);
        }
    }

    private void drawLoop() {
        while (!closed) {
            draw();
            try {
                Thread.sleep(REFRESH_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void keyLoop() {
        Key.Decoder decoder = new Key.Decoder();
        PositionPrompt prompt = new PositionPrompt();
        byte[] bytes = new byte[16];
        try (InputStream tty = new FileInputStream("/dev/tty")) {
            while (!closed) {
                int n = tty.read(bytes);
                // n < 0: the 0.2 s read timeout of raw mode passed without a key
                for (int i = 0; i < n && !closed; i++) {
                    if (prompt.isOpen()) {
                        String line = prompt.feed(bytes[i] & 0xff);
                        note(line == null ? prompt.shown() : PositionPrompt.apply(controls, line));
                        draw();
                        continue;
                    }
                    Key key = decoder.feed(bytes[i] & 0xff);
                    if (key == Key.GO_TO) {
                        prompt.start();
                    }
                    if (key != null) {
                        press(key);
                    }
                }
            }
        } catch (IOException e) {
            note("keys off: " + e.getMessage());
        }
    }

    void press(Key key) {
        try {
            note(controls.press(key));
        } catch (RuntimeException e) {
            note("failed: " + e.getMessage());
        }
        if (key != Key.QUIT) {
            draw();
        }
    }

    private synchronized void draw() {
        if (!show || closed && drawn) {
            return;
        }
        String wave = overview == null ? "" : WaveformLine.render(overview.snapshot(), engine.stats().sourcePosition(), true);
        String status = fit(StatusText.line(values(), width - 1), width - 1);
        err.print("\r\033[K" + wave + "\r\n\033[K" + status + "\033[A\r");
        err.flush();
        drawn = true;
    }

    StatusText.Values values() {
        Transport t = controls.transport();
        long position = t.position();
        long[] loop = controls.loop();
        String n = note;
        if (n != null && System.nanoTime() - noteNanos > NOTE_NANOS) {
            n = null;
        }
        SessionClock clock = controls.clock();
        double rate = clock.sourceRate();
        return new StatusText.Values(controls.clock(position), engine.stats().firstAudioNanos().isPresent(), t.paused(),
                t.complete(), Math.max(0, t.available() - position), rate,
                rate * clock.baseSpeed() * t.speed(), engine.stats().underruns(), engine.output().deviceDropouts(),
                engine.buffer().gaps().size(), t.speed(), clock.baseSpeed(), t.volume(),
                loop == null ? null : controls.clock(loop[0]) + "–" + controls.clock(loop[1]), n);
    }

    static String fit(String line, int width) {
        if (width <= 1 || line.codePointCount(0, line.length()) <= width) {
            return line;
        }
        return line.substring(0, line.offsetByCodePoints(0, width - 1)) + "…";
    }

    /** Puts the terminal back (from a shutdown hook too); the threads stop at {@link #close()}. */
    public void restoreTerminal() {
        if (terminal != null) {
            terminal.restore();
        }
    }

    /** Draws a last time, leaves the cursor below the two lines, stops both threads, restores the terminal. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            draw();
            closed = true;
            if (show) {
                err.print("\n\n");
                err.flush();
            }
        }
        drawer.interrupt();
        if (keyReader != null && keyReader != Thread.currentThread()) {
            // Its read returns within 0.2 s in raw mode; restoring the terminal under it could leave it waiting
            // for Enter.
            try {
                keyReader.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        restoreTerminal();
    }
}
