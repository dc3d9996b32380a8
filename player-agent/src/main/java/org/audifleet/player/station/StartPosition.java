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

    /**
     * @param seek a position or null
     * @param loop two positions or null
     * @param waitsForData the output waits for data instead of running dry (a file, a capture): an absolute seek is
     *                     then given to the engine at once, which starts playing there when it has arrived
     */
    public static void applyOnceArrived(StationControls controls, Position seek, List<Position> loop,
            boolean waitsForData, Consumer<String> notices) {
        if (seek != null && !seek.relative() && waitsForData) {
            // A file renders as fast as data arrives: seeking once the position is there would come too late.
            controls.transport().seek(controls.samplesAt(seek));
            notices.accept("seek " + controls.clock(controls.samplesAt(seek)) + " (plays from there once it arrives)");
            seek = null;
        }
        if (seek == null && loop == null) {
            return;
        }
        Position seekTo = seek;
        Thread t = new Thread(() -> {
            try {
                if (loop != null) {
                    if (!await(controls, controls.samplesAt(loop.get(1)))) {
                        return; // the session failed before any data: its own error says so
                    }
                    notices.accept(controls.setLoop(loop.get(0), loop.get(1)));
                }
                if (seekTo != null) {
                    if (!await(controls, controls.samplesAt(seekTo) + 1)) {
                        return;
                    }
                    notices.accept(controls.seekTo(seekTo));
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
