package org.audifleet.waveform.image;

import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javax.imageio.ImageIO;
import org.audifleet.waveform.pyramid.Buckets;

/**
 * Draws min/max buckets as a PNG, one bucket per pixel column, channels in stacked bands, with a UTC time
 * axis in data time. Needs no display: {@link BufferedImage} drawing works in headless mode
 * ({@code -Djava.awt.headless=true}, which {@code bin/waveform} sets).
 */
public final class WaveformRenderer {

    /** Tick spacings to choose from, seconds: labels land on round UTC times. */
    private static final long[] TICK_SECONDS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200,
        10800, 21600, 43200, 86400};
    private static final int MIN_LABEL_SPACING_PX = 80;
    private static final int AXIS_STRIP_PX = 16;
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private WaveformRenderer() {
    }

    /**
     * @param channels      buckets per channel; column {@code x} shows bucket {@code x} of each
     * @param startMicros   data time (UTC, µs since the epoch) of the first sample of the first bucket
     * @param sampleRate    samples per second of the trace, to place columns in time
     * @param peak          |value| drawn at the top and bottom edges of a band (values beyond are clipped)
     * @param playheadMicros data time of the playhead, or null for none
     */
    public static BufferedImage render(List<Buckets> channels, long startMicros, double sampleRate, long peak,
            WaveformStyle style, Long playheadMicros) {
        int w = style.width();
        int h = style.height();
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(style.background());
            g.fillRect(0, 0, w, h);
            boolean axis = style.axisLabels() && h >= 3 * AXIS_STRIP_PX;
            int plotHeight = axis ? h - AXIS_STRIP_PX : h;
            int bands = Math.max(1, channels.size());
            double scale = peak > 0 ? 1.0 / peak : 0;
            for (int c = 0; c < channels.size(); c++) {
                int top = plotHeight * c / bands;
                int bottom = plotHeight * (c + 1) / bands - 1;
                drawBand(image, g, channels.get(c), top, bottom, scale, style);
            }
            double secondsPerColumn = channels.isEmpty() ? 1 : channels.get(0).samplesPerBucket() / sampleRate;
            if (axis) {
                drawTimeAxis(g, startMicros, secondsPerColumn, w, plotHeight, style);
            }
            if (playheadMicros != null) {
                int x = (int) Math.floor((playheadMicros - startMicros) / 1e6 / secondsPerColumn);
                if (x >= 0 && x < w) {
                    g.setColor(style.playhead());
                    g.drawLine(x, 0, x, plotHeight - 1);
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void drawBand(BufferedImage image, Graphics2D g, Buckets b, int top, int bottom, double scale,
            WaveformStyle style) {
        int centre = (top + bottom) / 2;
        double half = (bottom - top) / 2.0;
        int columns = Math.min(b.count(), image.getWidth());
        int wave = style.waveform().getRGB();
        int gap = style.gap().getRGB();
        int hatch = style.axis().getRGB();
        for (int x = 0; x < columns; x++) {
            if (b.isEmpty(x)) {
                // A hatched band, so a gap never reads as a quiet stretch of signal.
                for (int y = top; y <= bottom; y++) {
                    image.setRGB(x, y, (x + y) % 8 == 0 ? hatch : gap);
                }
                continue;
            }
            int yHigh = clamp(centre - (int) Math.round(b.maxs()[x] * scale * half), top, bottom);
            int yLow = clamp(centre - (int) Math.round(b.mins()[x] * scale * half), top, bottom);
            for (int y = yHigh; y <= yLow; y++) {
                image.setRGB(x, y, wave);
            }
        }
        g.setColor(style.axis());
        g.setStroke(new BasicStroke(1));
        g.drawLine(0, centre, image.getWidth() - 1, centre);
    }

    private static void drawTimeAxis(Graphics2D g, long startMicros, double secondsPerColumn, int width,
            int plotHeight, WaveformStyle style) {
        g.setColor(style.axis());
        g.drawRect(0, 0, width - 1, plotHeight - 1);
        long step = TICK_SECONDS[TICK_SECONDS.length - 1];
        for (long s : TICK_SECONDS) {
            if (s / secondsPerColumn >= MIN_LABEL_SPACING_PX) {
                step = s;
                break;
            }
        }
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        double startSeconds = startMicros / 1e6;
        double endSeconds = startSeconds + width * secondsPerColumn;
        long stepMicros = step * 1_000_000L;
        long tick = Math.floorDiv(startMicros, stepMicros) * stepMicros;
        if (tick < startMicros) {
            tick += stepMicros;
        }
        for (; tick / 1e6 < endSeconds; tick += stepMicros) {
            int x = (int) Math.round((tick / 1e6 - startSeconds) / secondsPerColumn);
            g.drawLine(x, plotHeight - 5, x, plotHeight + 2);
            String label = HMS.format(Instant.ofEpochSecond(Math.floorDiv(tick, 1_000_000L)));
            int labelX = Math.min(Math.max(0, x - fm.stringWidth(label) / 2), width - fm.stringWidth(label));
            g.drawString(label, labelX, plotHeight + 2 + fm.getAscent());
        }
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    public static void writePng(BufferedImage image, OutputStream out) throws IOException {
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer available");
        }
    }
}
