package org.audifleet.player.station;

import java.util.List;
import java.util.function.Consumer;
import org.audifleet.wire.PlaybackControl.Position;

/**
 * {@code play --seek} and {@code --loop}: a position asked for before the session has any data. Seeks and loops
 * clamp to what is buffered ({@link StationControls}), so this waits, on its own daemon thread, until the data up
 * to the position has arrived (or the session is complete), then applies it once like a key would, and reports
 * the note through {@code notices}.
 */
public final class StartPosition {

    private static final long POLL_MILLIS = 20;

    private StartPosition() {
    }

    /** @param seek a position or null; @param loop two positions or null */
    public static void applyOnceArrived(StationControls controls, Position seek, List<Position> loop,
            Consumer<String> notices) {
        if (seek == null && loop == null) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                if (loop != null) {
                    if (!await(controls, controls.samplesAt(loop.get(1)))) {
                        return; // the session failed before any data: its own error says so
                    }
                    notices.accept(controls.setLoop(loop.get(0), loop.get(1)));
                }
                if (seek != null) {
                    if (!await(controls, controls.samplesAt(seek) + 1)) {
                        return;
                    }
                    notices.accept(controls.seekTo(seek));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "player-agent-start-position");
        t.setDaemon(true);
        t.start();
    }

    /** Waits until {@code samples} are seekable or the session is complete; false if it ended with nothing. */
    private static boolean await(StationControls controls, long samples) throws InterruptedException {
        Transport tr = controls.transport();
        while (!tr.complete() && controls.lastSeekable() < samples) {
            Thread.sleep(POLL_MILLIS);
        }
        return tr.available() > 0;
    }
}
