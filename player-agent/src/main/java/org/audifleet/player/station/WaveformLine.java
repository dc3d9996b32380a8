package org.audifleet.player.station;

/**
 * Draws a session overview as one line of Unicode block characters with a playhead: the "station view".
 *
 * <p>Each column is one bucket of {@link SessionOverview}: its height is the column's peak-to-peak span (max −
 * min, so a DC offset does not matter) relative to the largest span of the session so far, on a square-root scale
 * so that microseism noise stays visible beside an earthquake. {@code ░} is a gap (the data is missing and plays as
 * silence), a blank is not arrived yet. The playhead is the column of a data-sample index, the same index the
 * engine plays ({@code PlaybackEngine.stats().sourcePosition()}), so after a seek it jumps to the sample the audio jumps to.
 */
public final class WaveformLine {

    static final char[] LEVELS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};
    static final char GAP = '░';
    static final char NOT_ARRIVED = ' ';
    /** Drawn at the playhead when the line is not for an ANSI terminal. */
    static final char PLAYHEAD = '┃';

    private WaveformLine() {
    }

    /** Column of data-sample {@code sample} in a session of {@code totalSamples} drawn in {@code columns}. */
    public static int column(long sample, long totalSamples, int columns) {
        if (sample <= 0) {
            return 0;
        }
        if (sample >= totalSamples) {
            return columns - 1;
        }
        // sample < totalSamples ≤ 2^33 (24 h at 100 Hz ≈ 2^23) and columns < 2^16: no overflow.
        return (int) (sample * columns / totalSamples);
    }

    /** First data-sample index of column {@code column}: the smallest {@code s} with {@code column(s) == column}. */
    public static long firstSample(int column, long totalSamples, int columns) {
        return ((long) column * totalSamples + columns - 1) / columns;
    }

    /** Data samples one column spans (at least; columns differ by at most one sample). */
    public static long samplesPerColumn(long totalSamples, int columns) {
        return totalSamples / columns;
    }

    /**
     * The line for {@code overview} with the playhead at data-sample {@code playhead} (negative: none). With
     * {@code ansi}, the playhead column is shown in reverse video, keeping the waveform under it; without, it is
     * replaced by {@code ┃}.
     */
    public static String render(SessionOverview.Snapshot overview, long playhead, boolean ansi) {
        int columns = overview.columns();
        long widest = 0;
        for (int c = 0; c < columns; c++) {
            if (overview.states()[c] == SessionOverview.DATA) {
                widest = Math.max(widest, (long) overview.maxs()[c] - overview.mins()[c]);
            }
        }
        int head = playhead < 0 ? -1 : column(playhead, overview.totalSamples(), columns);
        StringBuilder line = new StringBuilder(columns + 16);
        for (int c = 0; c < columns; c++) {
            char ch = glyph(overview, c, widest);
            if (c == head) {
                if (ansi) {
                    line.append("\033[7m").append(ch).append("\033[27m");
                } else {
                    line.append(PLAYHEAD);
                }
            } else {
                line.append(ch);
            }
        }
        return line.toString();
    }

    static char glyph(SessionOverview.Snapshot overview, int c, long widest) {
        return switch (overview.states()[c]) {
            case SessionOverview.GAP -> GAP;
            case SessionOverview.DATA -> {
                long span = (long) overview.maxs()[c] - overview.mins()[c];
                int level = widest == 0 ? 0
                        : (int) Math.min(LEVELS.length - 1, Math.floor(Math.sqrt((double) span / widest) * LEVELS.length));
                yield LEVELS[level];
            }
            default -> NOT_ARRIVED;
        };
    }
}
