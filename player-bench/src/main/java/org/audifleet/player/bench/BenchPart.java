package org.audifleet.player.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One part's figures for bin/bench (bench/parts/NN-name writes {@code $BENCH_OUT/NN-name.json}; the format is in
 * docs/performance.md): each row ours beside its peer, the ratio (peer / ours for times, so at least 1 means we are
 * ahead), the goal and whether it was met.
 */
final class BenchPart {

    private final String part;
    private final String title;
    private final List<String> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    BenchPart(String part, String title) {
        this.part = part;
        this.title = title;
    }

    /** A time (lower is better); {@code peer} NaN when there is none; {@code goalMax} NaN when there is no goal. */
    void time(String figure, String unit, double ours, double peer, String peerName, double goalMax, String note) {
        String ratio = Double.isNaN(peer) || ours <= 0 ? "null" : number(peer / ours);
        String goal = Double.isNaN(goalMax) ? "null" : quote("<= " + trim(goalMax));
        String met = Double.isNaN(goalMax) ? "null" : String.valueOf(ours <= goalMax);
        rows.add("{\"figure\": " + quote(figure) + ", \"unit\": " + quote(unit) + ", \"ours\": " + number(ours)
                + ", \"peer\": " + (Double.isNaN(peer) ? "null" : number(peer)) + ", \"peer_name\": "
                + (peerName == null ? "null" : quote(peerName)) + ", \"ratio\": " + ratio
                + ", \"higher_is_better\": false, \"goal\": " + goal + ", \"met\": " + met + ", \"note\": "
                + quote(note) + "}");
    }

    void note(String line) {
        notes.add(line);
    }

    void write(Path file) throws IOException {
        String json = "{\"part\": " + quote(part) + ", \"title\": " + quote(title) + ",\n \"rows\": [\n  "
                + String.join(",\n  ", rows) + "],\n \"notes\": [" + String.join(", ", notes.stream()
                        .map(BenchPart::quote).toList()) + "]}\n";
        Files.writeString(file, json);
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : number(v);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
