package org.audifleet.waveform.format;

import java.util.HashMap;
import java.util.Map;

/**
 * audiowaveform's JSON format, version 2: one object
 * {@code {"version":2,"channels":C,"sample_rate":R,"samples_per_pixel":N,"bits":B,"length":L,"data":[...]}}
 * with {@code data} laid out as in {@link WaveformData}. Reading accepts version 1 (no {@code channels}: mono).
 *
 * <p>The reader is a small parser for this flat shape only (numbers and one array of integers), so the
 * CLI needs no JSON library.
 */
public final class JsonFormat {

    private JsonFormat() {
    }

    public static String toJson(WaveformData w) {
        StringBuilder s = new StringBuilder(96 + w.data().length * 5);
        s.append("{\"version\":2,\"channels\":").append(w.channels())
                .append(",\"sample_rate\":").append(w.sampleRate())
                .append(",\"samples_per_pixel\":").append(w.samplesPerPixel())
                .append(",\"bits\":").append(w.bits())
                .append(",\"length\":").append(w.length())
                .append(",\"data\":[");
        int[] d = w.data();
        for (int i = 0; i < d.length; i++) {
            if (i > 0) {
                s.append(',');
            }
            s.append(d[i]);
        }
        return s.append("]}").toString();
    }

    public static WaveformData fromJson(String json) {
        Parser p = new Parser(json);
        Map<String, Long> fields = new HashMap<>();
        int[] data = null;
        p.expect('{');
        if (!p.peekIs('}')) {
            do {
                String key = p.string();
                p.expect(':');
                if (key.equals("data")) {
                    data = p.intArray();
                } else {
                    fields.put(key, p.number());
                }
            } while (p.accept(','));
        }
        p.expect('}');
        p.end();
        long version = require(fields, "version");
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("unsupported waveform JSON version " + version);
        }
        if (data == null) {
            throw new IllegalArgumentException("waveform JSON has no data");
        }
        int channels = version == 2 ? (int) require(fields, "channels") : 1;
        return new WaveformData((int) require(fields, "sample_rate"), (int) require(fields, "samples_per_pixel"),
                (int) require(fields, "bits"), channels, (int) require(fields, "length"), data);
    }

    private static long require(Map<String, Long> fields, String key) {
        Long v = fields.get(key);
        if (v == null) {
            throw new IllegalArgumentException("waveform JSON has no " + key);
        }
        return v;
    }

    private static final class Parser {
        private final String s;
        private int at;

        Parser(String s) {
            this.s = s;
        }

        private void skipSpace() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
                at++;
            }
        }

        boolean peekIs(char c) {
            skipSpace();
            return at < s.length() && s.charAt(at) == c;
        }

        boolean accept(char c) {
            if (peekIs(c)) {
                at++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!accept(c)) {
                throw error("expected '" + c + "'");
            }
        }

        void end() {
            skipSpace();
            if (at != s.length()) {
                throw error("trailing characters");
            }
        }

        String string() {
            expect('"');
            int start = at;
            while (at < s.length() && s.charAt(at) != '"') {
                if (s.charAt(at) == '\\') {
                    throw error("escapes are not used by this format");
                }
                at++;
            }
            if (at >= s.length()) {
                throw error("unterminated string");
            }
            return s.substring(start, at++);
        }

        long number() {
            skipSpace();
            int start = at;
            if (at < s.length() && s.charAt(at) == '-') {
                at++;
            }
            while (at < s.length() && Character.isDigit(s.charAt(at))) {
                at++;
            }
            if (at == start || at < s.length() && (s.charAt(at) == '.' || s.charAt(at) == 'e')) {
                throw error("expected an integer");
            }
            return Long.parseLong(s, start, at, 10);
        }

        int[] intArray() {
            expect('[');
            int[] out = new int[64];
            int n = 0;
            if (!peekIs(']')) {
                do {
                    if (n == out.length) {
                        out = java.util.Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = Math.toIntExact(number());
                } while (accept(','));
            }
            expect(']');
            return java.util.Arrays.copyOf(out, n);
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("waveform JSON: " + what + " at character " + at);
        }
    }
}
