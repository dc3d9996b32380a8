package org.audifleet.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpectrogramTests {

    private static final double RATE = 100;

    private static int[] tone(int n, double hz, double amplitude, int offset) {
        int[] x = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = offset + (int) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return x;
    }

    @Test
    void windowIsAboutTwentySecondsOfDataAsAPowerOfTwo() {
        assertThat(Spectrogram.windowFor(100, Spectrogram.DEFAULT_WINDOW_SECONDS)).isEqualTo(2048);
        assertThat(Spectrogram.windowFor(40, Spectrogram.DEFAULT_WINDOW_SECONDS)).isEqualTo(1024);
        assertThat(Spectrogram.windowFor(1, Spectrogram.DEFAULT_WINDOW_SECONDS)).isEqualTo(16);
    }

    @Test
    void aToneOnAnOffsetPeaksAtItsFrequencyWithItsAmplitude() {
        Spectrogram s = new Spectrogram(2048, 1024);
        double hz = 1.5625; // bin 32 of 2048 at 100 Hz
        int[] x = tone(20_000, hz, 10_000, 400_000);
        // Fed in uneven blocks, as a session arrives.
        for (int at = 0; at < x.length; at += 777) {
            s.accept(x, at, Math.min(777, x.length - at));
        }
        assertThat(s.columns()).isEqualTo((20_000 - 2048) / 1024 + 1);
        for (int c = 0; c < s.columns(); c++) {
            int peak = 0;
            for (int k = 1; k < s.bins(); k++) {
                if (s.magnitude(c, k) > s.magnitude(c, peak)) {
                    peak = k;
                }
            }
            assertThat(peak).isEqualTo(32);
            assertThat((double) s.magnitude(c, 32)).isCloseTo(10_000, within(5.0));
            // The 400,000-count offset is gone: the mean is removed per window.
            assertThat((double) s.magnitude(c, 0)).isLessThan(1.0);
        }
    }

    @Test
    void aColumnTouchingAGapHasNoSpectrumAndTheNextOnesDo() {
        Spectrogram s = new Spectrogram(64, 32);
        int[] x = tone(200, 5, 100, 0);
        s.accept(x, 0, 100);
        s.gap(50);
        s.accept(x, 100, 100);
        assertThat(s.positions()).isEqualTo(250);
        // Columns end at 64, 96, 128, ..., 224: those whose window [32c, 32c + 64) meets [100, 150) are gaps.
        for (int c = 0; c < s.columns(); c++) {
            long from = 32L * c;
            boolean touches = from < 150 && from + 64 > 100;
            assertThat(s.hasColumn(c)).as("column %d", c).isEqualTo(!touches);
        }
        assertThat(s.columns()).isEqualTo((250 - 64) / 32 + 1);
    }

    @Test
    void scalesAreLinearSqrtAndDecibels() {
        assertThat(Spectrogram.Scale.LINEAR.apply(100)).isEqualTo(100);
        assertThat(Spectrogram.Scale.SQRT.apply(100)).isEqualTo(10);
        assertThat(Spectrogram.Scale.LOG.apply(100)).isEqualTo(40);
    }
}
