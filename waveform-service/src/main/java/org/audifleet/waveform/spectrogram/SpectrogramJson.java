package org.audifleet.waveform.spectrogram;

import java.time.Instant;
import java.util.Locale;
import org.audifleet.signal.Spectrogram.Scale;

/**
 * A spectrogram as JSON data (format in waveform-service/README.md, "Spectrogram"): the cut (window, hop, bin
 * width) and one array per column of {@code bins} scaled magnitudes, low frequency first, or null for a column whose
 * window touches a gap. Values have 4 significant digits: more than any colour map shows.
 */
public final class SpectrogramJson {

    private SpectrogramJson() {
    }

    public static String toJson(SpectrogramView view, Scale scale) {
        float[][] columns = view.columns();
        StringBuilder out = new StringBuilder(64 + columns.length * (view.bins() * 8 + 4));
        out.append("{\"version\":1")
                .append(",\"start_time\":\"").append(Instant.ofEpochSecond(0, view.startMicros() * 1000)).append('"')
                .append(",\"sample_rate\":").append(number(view.sampleRate()))
                .append(",\"window\":").append(view.window())
                .append(",\"hop\":").append(view.hop())
                .append(",\"bin_hz\":").append(number(view.binHz()))
                .append(",\"bins\":").append(view.bins())
                .append(",\"columns\":").append(columns.length)
                .append(",\"scale\":\"").append(scale.name().toLowerCase(Locale.ROOT)).append('"')
                .append(",\"unit\":\"").append(scale == Scale.LOG ? "dB re 1 count" : scale == Scale.SQRT
                        ? "sqrt(counts)" : "counts").append('"')
                .append(",\"complete\":").append(view.complete())
                .append(",\"data\":[");
        for (int c = 0; c < columns.length; c++) {
            if (c > 0) {
                out.append(',');
            }
            float[] column = columns[c];
            if (column == null) {
                out.append("null");
                continue;
            }
            out.append('[');
            for (int b = 0; b < column.length; b++) {
                if (b > 0) {
                    out.append(',');
                }
                out.append(number(scale.apply(column[b])));
            }
            out.append(']');
        }
        return out.append("]}").toString();
    }

    /** Four significant digits, without exponent noise for the common magnitudes. */
    static String number(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return "0";
        }
        String s = new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros()
                .toPlainString();
        return s;
    }
}
