package org.audifleet.waveform.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.audifleet.waveform.pyramid.Buckets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WaveformRendererTests {

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void writesAPngOfTheAskedSizeWithGapsAndPlayheadVisible() throws Exception {
        int n = 300;
        int[] mins = new int[n];
        int[] maxs = new int[n];
        for (int i = 0; i < n; i++) {
            mins[i] = -1000 - 10 * i;
            maxs[i] = 1000 + 10 * i;
        }
        for (int i = 100; i < 140; i++) {
            mins[i] = Integer.MAX_VALUE;
            maxs[i] = Integer.MIN_VALUE;
        }
        WaveformStyle style = WaveformStyle.defaults(400, 120);
        long start = 1_709_251_200_000_000L; // 2024-03-01T00:00:00Z
        BufferedImage image = WaveformRenderer.render(List.of(new Buckets(256, 0, mins, maxs)), start, 100.0, 4000,
                style, start + 250 * 2_560_000L);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        WaveformRenderer.writePng(image, png);

        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png.toByteArray()));
        assertThat(back).isNotNull();
        assertThat(back.getWidth()).isEqualTo(400);
        assertThat(back.getHeight()).isEqualTo(120);
        int midY = 45; // just above the centre line of the band (rows 0..103)
        assertThat(back.getRGB(50, midY)).isEqualTo(style.waveform().getRGB());
        assertThat(back.getRGB(121, midY)).isIn(style.gap().getRGB(), style.axis().getRGB());
        assertThat(back.getRGB(350, midY)).isEqualTo(style.background().getRGB());
        assertThat(back.getRGB(250, 5)).isEqualTo(style.playhead().getRGB());
    }

    @Test
    void channelsGetTheirOwnBands() {
        Buckets loud = new Buckets(16, 0, new int[] {-100, -100}, new int[] {100, 100});
        Buckets silent = new Buckets(16, 0, new int[] {0, 0}, new int[] {0, 0});
        WaveformStyle style = WaveformStyle.defaults(2, 100).withAxisLabels(false);
        BufferedImage image = WaveformRenderer.render(List.of(loud, silent), 0, 100, 100, style, null);
        assertThat(image.getRGB(0, 10)).isEqualTo(style.waveform().getRGB());
        assertThat(image.getRGB(0, 60)).isEqualTo(style.background().getRGB());
    }

    @Test
    void coloursParseFromAudiowaveformNotation() {
        assertThat(WaveformStyle.parseColour("ff0000").getRed()).isEqualTo(255);
        assertThat(WaveformStyle.parseColour("00ff0080").getAlpha()).isEqualTo(128);
    }
}
