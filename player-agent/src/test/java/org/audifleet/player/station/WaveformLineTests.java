package org.audifleet.player.station;

import static org.assertj.core.api.Assertions.assertThat;

import org.audifleet.player.engine.EngineSettings;
import org.junit.jupiter.api.Test;

class WaveformLineTests {

    /** 1 h at 100 Hz in 80 columns: 4500 samples (45 s of data, ~0.1 s of audio at 441x) a column. */
    private static final long HOUR = 360_000;
    private static final int COLUMNS = 80;

    @Test
    void columnsSplitTheSessionEvenlyAndFirstSampleInvertsColumn() {
        assertThat(WaveformLine.column(0, HOUR, COLUMNS)).isZero();
        assertThat(WaveformLine.column(4_499, HOUR, COLUMNS)).isZero();
        assertThat(WaveformLine.column(4_500, HOUR, COLUMNS)).isEqualTo(1);
        assertThat(WaveformLine.column(HOUR - 1, HOUR, COLUMNS)).isEqualTo(COLUMNS - 1);
        assertThat(WaveformLine.column(HOUR + 10, HOUR, COLUMNS)).isEqualTo(COLUMNS - 1);
        assertThat(WaveformLine.column(-5, HOUR, COLUMNS)).isZero();
        // An uneven split: every column's first sample maps to it, and the sample before it to the column before.
        long total = 1_000_003;
        int columns = 77;
        for (int c = 1; c < columns; c++) {
            long first = WaveformLine.firstSample(c, total, columns);
            assertThat(WaveformLine.column(first, total, columns)).isEqualTo(c);
            assertThat(WaveformLine.column(first - 1, total, columns)).isEqualTo(c - 1);
        }
    }

    @Test
    void playheadIsTheColumnOfTheSourcePositionAndJumpsWithASeek() {
        SessionOverview overview = new SessionOverview(HOUR, COLUMNS);
        overview.appendSamples(new int[(int) HOUR], 0, (int) HOUR);
        String line = WaveformLine.render(overview.snapshot(), 12 * 60 * 100, false); // 00:12 of data
        assertThat(line.indexOf(WaveformLine.PLAYHEAD)).isEqualTo(16); // 72,000 / 4500
        assertThat(line.codePointCount(0, line.length())).isEqualTo(COLUMNS);
        // A seek to 00:50 moves the playhead to the column of that very sample.
        long seekTarget = 50 * 60 * 100;
        assertThat(WaveformLine.render(overview.snapshot(), seekTarget, false).indexOf(WaveformLine.PLAYHEAD))
                .isEqualTo(WaveformLine.column(seekTarget, HOUR, COLUMNS)).isEqualTo(66);
        assertThat(WaveformLine.render(overview.snapshot(), -1, false)).doesNotContain("" + WaveformLine.PLAYHEAD);
        assertThat(WaveformLine.render(overview.snapshot(), 0, true)).startsWith("\033[7m▁\033[27m");
    }

    @Test
    void gapColumnsAreDrawnApartFromDataAndFromWhatHasNotArrived() {
        SessionOverview overview = new SessionOverview(HOUR, COLUMNS);
        int[] quiet = new int[4500 * 2];
        java.util.Arrays.fill(quiet, 1000);
        quiet[10] = 1010; // a small wiggle in column 0
        overview.appendSamples(quiet, 0, quiet.length); // columns 0-1
        overview.appendGap(4500 * 3); // columns 2-4
        int[] quake = new int[4500];
        quake[100] = -50_000;
        quake[200] = 50_000;
        overview.appendSamples(quake, 0, quake.length); // column 5
        overview.appendGap(100); // the start of column 6, then nothing more has arrived
        String line = WaveformLine.render(overview.snapshot(), -1, false);
        assertThat(line.substring(0, 7)).isEqualTo("▁▁░░░█░");
        assertThat(line.substring(7)).isBlank();
        SessionOverview.Snapshot s = overview.snapshot();
        assertThat(s.mins()[5]).isEqualTo(-50_000);
        assertThat(s.maxs()[5]).isEqualTo(50_000);
        assertThat(s.mins()[0]).isEqualTo(1000);
        assertThat(s.maxs()[0]).isEqualTo(1010);
        assertThat(s.arrivedSamples()).isEqualTo(4500 * 6 + 100);
        // A column with a gap and data shows the data.
        overview.appendSamples(new int[] {7, 9}, 0, 2);
        assertThat(overview.snapshot().states()[6]).isEqualTo(SessionOverview.DATA);
    }

    @Test
    void blocksSpanningColumnBoundariesLandInTheRightColumns() {
        SessionOverview overview = new SessionOverview(10, 3); // columns [0,4) [4,7) [7,10)
        overview.appendSamples(new int[] {1, 2, 3}, 0, 3);
        overview.appendSamples(new int[] {4, 5, 6, 7, 8, 9, 10, 11}, 0, 8); // one past the window: last column
        SessionOverview.Snapshot s = overview.snapshot();
        assertThat(s.mins()).containsExactly(1, 5, 8);
        assertThat(s.maxs()).containsExactly(4, 7, 11);
    }

    /**
     * The view draws the playhead at {@code sourcePosition()}, the sample the engine has just handed to the output;
     * the device plays it at most one period later, by which time the engine is one period of samples further. The
     * two columns differ by at most one whenever a period of samples is at most a column (always at 1x: 512 samples
     * against 4500), and in general by at most ceil(period samples / samples per column).
     */
    @Test
    void drawnPositionAndAudioPositionDifferByAtMostOnePeriod() {
        EngineSettings settings = EngineSettings.defaults(100.0);
        for (double speed : new double[] {0.1, 1, 4, 8.7, 15}) {
            double periodSamples = settings.periodFrames() * settings.baseStep() * speed;
            for (long total : new long[] {HOUR, 6 * HOUR, 24 * HOUR}) {
                for (int columns : new int[] {40, 79, 200}) {
                    long perColumn = WaveformLine.samplesPerColumn(total, columns);
                    long bound = (long) Math.ceil(periodSamples / perColumn);
                    for (long position = 0; position < total; position += 997) {
                        int drawn = WaveformLine.column(position, total, columns);
                        int heard = WaveformLine.column(position + (long) Math.ceil(periodSamples), total, columns);
                        assertThat(heard - drawn).isBetween(0, (int) Math.max(1, bound));
                        if (periodSamples <= perColumn) {
                            assertThat(heard - drawn).isLessThanOrEqualTo(1);
                        }
                    }
                }
            }
        }
    }
}
