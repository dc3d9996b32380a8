package org.audifleet.player.station;

/**
 * The {@code g} key of {@code play}: the operator types one position ({@link DataPosition}: seek there) or two (loop
 * between them) and presses Enter; Esc, or Enter on an empty line, cancels. While it is open every byte goes to it,
 * not to the keys. Key thread only.
 */
final class PositionPrompt {

    static final String HINT = "go to: type a position (00:12:30, 10:00, +5m, -30s) or two to loop, then Enter";
    private static final int MAX_LENGTH = 64;

    private final StringBuilder typed = new StringBuilder();
    private boolean open;

    void start() {
        typed.setLength(0);
        open = true;
    }

    boolean isOpen() {
        return open;
    }

    /** One byte typed: the finished line after Enter, "" when cancelled, else null (still typing). */
    String feed(int b) {
        if (b == '\r' || b == '\n') {
            open = false;
            return typed.toString().strip();
        }
        if (b == 0x1b) {
            open = false;
            return "";
        }
        if ((b == 0x7f || b == 0x08) && typed.length() > 0) {
            typed.setLength(typed.length() - 1);
        } else if (b >= 0x20 && b < 0x7f && typed.length() < MAX_LENGTH) {
            typed.append((char) b);
        }
        return null;
    }

    /** What the status line shows while typing. */
    String shown() {
        return "go to: " + typed;
    }

    /** Seeks to one position or loops between two, with the station's limits; the note for the operator. */
    static String apply(StationControls controls, String line) {
        if (line.isEmpty()) {
            return "go to: cancelled";
        }
        String[] words = line.split("\\s+");
        try {
            if (words.length == 1) {
                return controls.seekTo(DataPosition.parse(words[0]));
            }
            if (words.length == 2) {
                return controls.setLoop(DataPosition.parse(words[0]), DataPosition.parse(words[1]));
            }
            return "go to: one position to seek, or two to loop; got " + words.length;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
