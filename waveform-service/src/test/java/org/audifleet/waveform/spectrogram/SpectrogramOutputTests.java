package org.audifleet.waveform.spectrogram;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.audifleet.signal.Spectrogram.Scale;
import org.junit.jupiter.api.Test;

class SpectrogramOutputTests {

    private static final double RATE = 100;

    /** A 5 Hz tone for 200 s, a 100 s gap, then 200 s of a 20 Hz tone, fed as a session's runs. */
    private static SessionSpectrogram twoTones() {
        SessionSpectrogram s = new SessionSpectrogram(RATE, SpectrogramProperties.defaults());
        s.appendSamples(tone(20_000, 5), 0, 20_000);
        s.appendGap(10_000);
        s.appendSamples(tone(20_000, 20), 0, 20_000);
        return s;
    }

    private static int[] tone(int n, double hz) {
        int[] x = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = 500_000 + (int) Math.round(10_000 * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return x;
    }

    @Test
    void windowAndHopAreSizedInDataTime() {
        SessionSpectrogram s = twoTones();
        SpectrogramView view = s.view(0, s.binsUpTo(null), true);
        assertThat(view.window()).isEqualTo(2048);
        assertThat(view.hop()).isEqualTo(1024);
        assertThat(view.bins()).isEqualTo(1025);
        assertThat(s.binsUpTo(10.0)).isEqualTo(205); // 0 .. 10 Hz at 0.0488 Hz a bin
        assertThat(view.columns().length).isEqualTo((50_000 - 2048) / 1024 + 1);
    }

    @Test
    void thePngShowsEachToneAtItsHeightAndTheGapInGrey() {
        SessionSpectrogram s = twoTones();
        SpectrogramView view = s.view(0, s.binsUpTo(null), true);
        int width = 100;
        int height = 100; // 0..50 Hz: 2 px per 1 Hz
        BufferedImage image = SpectrogramImage.render(view, Scale.LOG, width, height);
        int firstTone = height - 1 - 10; // 5 Hz
        int secondTone = height - 1 - 40; // 20 Hz
        assertThat(brightness(image.getRGB(10, firstTone))).isGreaterThan(brightness(image.getRGB(10, secondTone)));
        assertThat(brightness(image.getRGB(90, secondTone))).isGreaterThan(brightness(image.getRGB(90, firstTone)));
        assertThat(image.getRGB(50, 50) & 0xffffff).as("inside the gap").isEqualTo(SpectrogramImage.GAP_RGB);
    }

    private static int brightness(int rgb) {
        return ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
    }

    @Test
    void theJsonCarriesTheCutAndOneArrayOrNullPerColumn() {
        SessionSpectrogram s = twoTones();
        String json = SpectrogramJson.toJson(s.view(1_704_067_200_000_000L, 3, true), Scale.LINEAR);
        assertThat(json).startsWith("{\"version\":1,\"start_time\":\"2024-01-01T00:00:00Z\",\"sample_rate\":100,"
                + "\"window\":2048,\"hop\":1024,\"bin_hz\":0.04883,\"bins\":3,\"columns\":47,\"scale\":\"linear\","
                + "\"unit\":\"counts\",\"complete\":true,\"data\":[[");
        assertThat(json).contains("null").endsWith("]]}");
        assertThat(SpectrogramJson.number(12345.678)).isEqualTo("12350");
        assertThat(SpectrogramJson.number(0.000123456)).isEqualTo("0.0001235");
        assertThat(SpectrogramJson.number(-3.5)).isEqualTo("-3.5");
    }
}
