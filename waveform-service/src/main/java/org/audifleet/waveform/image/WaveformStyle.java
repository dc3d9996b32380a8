package org.audifleet.waveform.image;

import java.awt.Color;

/**
 * Size and colours of a rendered waveform. Colours parse from audiowaveform's {@code rrggbb[aa]} notation.
 *
 * @param gap        fill of the band drawn where a column has no samples at all (it is hatched with {@code axis})
 * @param axisLabels whether to draw the time axis with UTC labels and the border
 */
public record WaveformStyle(int width, int height, Color background, Color waveform, Color axis, Color gap,
        Color playhead, boolean axisLabels) {

    public WaveformStyle {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be positive: " + width + "x" + height);
        }
    }

    /** Blue waveform on light grey, audiowaveform's default look; gaps in a pale amber, playhead red. */
    public static WaveformStyle defaults(int width, int height) {
        return new WaveformStyle(width, height, new Color(0xDDDDDD), new Color(0x3F77BF), new Color(0x000000),
                new Color(0xF3E2B8), new Color(0xD0021B), true);
    }

    public WaveformStyle withColours(Color background, Color waveform, Color axis) {
        return new WaveformStyle(width, height, background == null ? this.background : background,
                waveform == null ? this.waveform : waveform, axis == null ? this.axis : axis, gap, playhead,
                axisLabels);
    }

    public WaveformStyle withAxisLabels(boolean on) {
        return new WaveformStyle(width, height, background, waveform, axis, gap, playhead, on);
    }

    /** {@code rrggbb} or {@code rrggbbaa}, hex. */
    public static Color parseColour(String hex) {
        if (!hex.matches("[0-9a-fA-F]{6}([0-9a-fA-F]{2})?")) {
            throw new IllegalArgumentException("colour must be rrggbb or rrggbbaa: " + hex);
        }
        int rgb = Integer.parseInt(hex.substring(0, 6), 16);
        int alpha = hex.length() == 8 ? Integer.parseInt(hex.substring(6), 16) : 0xFF;
        return new Color((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, alpha);
    }
}
