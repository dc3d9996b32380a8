package org.audifleet.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.audifleet.codec.mseed.MseedRecord;

/**
 * Writes records in the layout of the libmseed reference dumps in {@code shared/data/mseed/reference-output}:
 * a {@code # REC} line, then one sample per line ({@code %d}, {@code %.9g} float32, {@code %.17g} float64) or the
 * raw text followed by a newline.
 */
final class RecordDump {
    private final OutputStream out;
    private final StringBuilder line = new StringBuilder(256);

    RecordDump(OutputStream out) {
        this.out = out;
    }

    void write(MseedRecord r) throws IOException {
        line.setLength(0);
        line.append("# REC off=").append(r.offset())
                .append(" reclen=").append(r.length())
                .append(" fmt=").append(r.formatVersion())
                .append(" enc=").append(r.encoding()).append('(').append(r.encodingName()).append(')')
                .append(" swap=").append(r.swapFlags())
                .append(" sid=").append(r.sourceId())
                .append(" start=").append(r.startIso())
                .append(" rate=").append(CFormat.g(r.sampleRate(), 10))
                .append(" samplecnt=").append(r.headerSampleCount())
                .append(" numsamples=").append(r.sampleCount())
                .append(" type=").append(typeCode(r))
                .append('\n');
        flushLine();
        int n = r.sampleCount();
        if (n == 0) {
            return;
        }
        switch (r.type()) {
            case INT -> {
                int[] s = r.ints();
                for (int i = 0; i < n; i++) {
                    line.append(s[i]).append('\n');
                    if (line.length() > 8192) {
                        flushLine();
                    }
                }
            }
            case FLOAT -> {
                float[] s = r.floats();
                for (int i = 0; i < n; i++) {
                    // C promotes float to double for printf; the widening is exact.
                    line.append(CFormat.g(s[i], 9)).append('\n');
                }
            }
            case DOUBLE -> {
                double[] s = r.doubles();
                for (int i = 0; i < n; i++) {
                    line.append(CFormat.g(s[i], 17)).append('\n');
                }
            }
            case TEXT -> {
                out.write(r.text(), 0, n);
                line.append('\n');
            }
        }
        flushLine();
    }

    /** A run of integer samples that is not a miniSEED record (a chunk-store chunk), in the same layout. */
    void writeRun(long offset, long length, String format, String encoding, String sourceId, long startNanos,
            double rate, int[] samples, int from, int count) throws IOException {
        line.setLength(0);
        line.append("# REC off=").append(offset)
                .append(" reclen=").append(length)
                .append(" fmt=").append(format)
                .append(" enc=").append(encoding)
                .append(" swap=0")
                .append(" sid=").append(sourceId)
                .append(" start=").append(org.audifleet.codec.mseed.MseedTime.iso(startNanos))
                .append(" rate=").append(CFormat.g(rate, 10))
                .append(" samplecnt=").append(count)
                .append(" numsamples=").append(count)
                .append(" type=").append(count == 0 ? '-' : 'i')
                .append('\n');
        for (int i = from; i < from + count; i++) {
            line.append(samples[i]).append('\n');
            if (line.length() > 8192) {
                flushLine();
            }
        }
        flushLine();
    }

    private static char typeCode(MseedRecord r) {
        if (r.sampleCount() == 0) {
            return '-';
        }
        return switch (r.type()) {
            case INT -> 'i';
            case FLOAT -> 'f';
            case DOUBLE -> 'd';
            case TEXT -> 't';
        };
    }

    private void flushLine() throws IOException {
        out.write(line.toString().getBytes(StandardCharsets.ISO_8859_1));
        line.setLength(0);
    }
}
