package org.audifleet.waveform.spectrogram;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import javax.imageio.ImageIO;
import org.audifleet.signal.Spectrogram.Scale;

/**
 * A spectrogram as a PNG: time left to right over the columns known so far, frequency bottom (0 Hz) to top; each
 * pixel the largest scaled magnitude of the columns and bins it covers. Colours run black, purple, red, orange,
 * pale yellow over {@code [0, max]} (linear, sqrt) or {@code [max - 80 dB, max]} (log); a gap's columns are grey.
 */
public final class SpectrogramImage {

    /** Decibels below the loudest bin that still get a colour on the log scale. */
    static final double LOG_RANGE_DB = 80;
    static final int GAP_RGB = 0x404040;
    private static final int[] STOPS = {0x000004, 0x57106e, 0xbc3754, 0xf98e09, 0xfcffa4};

    private SpectrogramImage() {
    }

    public static BufferedImage render(SpectrogramView view, Scale scale, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        float[][] columns = view.columns();
        int bins = view.bins();
        if (columns.length == 0 || bins == 0) {
            return image;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float[] c : columns) {
            if (c != null) {
                for (float m : c) {
                    max = Math.max(max, scale.apply(m));
                }
            }
        }
        double low = scale == Scale.LOG ? max - LOG_RANGE_DB : 0;
        double span = Math.max(1e-12, max - low);
        for (int x = 0; x < width; x++) {
            int c0 = (int) ((long) x * columns.length / width);
            int c1 = Math.max(c0 + 1, (int) ((long) (x + 1) * columns.length / width));
            for (int y = 0; y < height; y++) {
                int row = height - 1 - y;
                int b0 = (int) ((long) row * bins / height);
                int b1 = Math.max(b0 + 1, (int) ((long) (row + 1) * bins / height));
                double v = Double.NEGATIVE_INFINITY;
                boolean gap = true;
                for (int c = c0; c < c1; c++) {
                    float[] column = columns[c];
                    if (column == null) {
                        continue;
                    }
                    gap = false;
                    for (int b = b0; b < b1; b++) {
                        v = Math.max(v, scale.apply(column[b]));
                    }
                }
                image.setRGB(x, y, gap ? GAP_RGB : colour((v - low) / span));
            }
        }
        return image;
    }

    /** The colour of {@code t} in [0, 1] (clamped), between the two nearest stops. */
    static int colour(double t) {
        double u = Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) u);
        double f = u - i;
        int a = STOPS[i];
        int b = STOPS[i + 1];
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int ca = (a >> shift) & 0xff;
            int cb = (b >> shift) & 0xff;
            rgb |= ((int) Math.round(ca + (cb - ca) * f)) << shift;
        }
        return rgb;
    }

    public static void writePng(BufferedImage image, OutputStream out) throws IOException {
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer in this JVM");
        }
    }
}
