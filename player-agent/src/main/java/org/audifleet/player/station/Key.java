package org.audifleet.player.station;

/** What a station operator can press during {@code play}. */
public enum Key {
    PAUSE_RESUME, SEEK_BACK, SEEK_FORWARD, VOLUME_UP, VOLUME_DOWN, FASTER, SLOWER, LOOP_HERE, CLEAR_LOOP, HIGH_PASS, DC_REMOVAL, NORMALIZE,
    GO_TO, QUIT, HELP;

    /** The help text shown by {@code play --help} and by {@code h}. */
    public static final String HELP_TEXT = "space pause/resume  \u2190/\u2192 seek -/+ step  \u2191/\u2193 volume"
            + "  +/- speed  l loop \u00b11 min  L clear loop  f high-pass off/0.01/0.02/0.045 Hz"
            + "  d DC off/mean/line  n normalize  g go to a time (or two: loop)  q stop  h help";

    /**
     * Turns the bytes of a terminal in raw mode into keys: one byte for letters, {@code ESC [ A..D} (or
     * {@code ESC O A..D} in application mode) for arrows. Feed it byte by byte; it returns a key when one is
     * complete, else null. Unknown bytes and sequences are dropped.
     */
    public static final class Decoder {
        private int state;

        public Key feed(int b) {
            switch (state) {
                case 1 -> {
                    state = b == '[' || b == 'O' ? 2 : 0;
                    return null;
                }
                case 2 -> {
                    state = 0;
                    return switch (b) {
                        case 'A' -> VOLUME_UP;
                        case 'B' -> VOLUME_DOWN;
                        case 'C' -> SEEK_FORWARD;
                        case 'D' -> SEEK_BACK;
                        default -> null;
                    };
                }
                default -> {
                    if (b == 0x1b) {
                        state = 1;
                        return null;
                    }
                    return switch (b) {
                        case ' ' -> PAUSE_RESUME;
                        case '+', '=' -> FASTER;
                        case '-', '_' -> SLOWER;
                        case 'l' -> LOOP_HERE;
                        case 'L' -> CLEAR_LOOP;
                        case 'f', 'F' -> HIGH_PASS;
                        case 'd', 'D' -> DC_REMOVAL;
                        case 'n', 'N' -> NORMALIZE;
                        case 'g', 'G' -> GO_TO;
                        case 'q', 'Q' -> QUIT;
                        case 'h', 'H', '?' -> HELP;
                        default -> null;
                    };
                }
            }
        }
    }
}
