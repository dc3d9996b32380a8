package org.audifleet.player.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.audifleet.player.engine.PlaybackEngine;
import org.audifleet.player.session.SessionReport;
import org.audifleet.player.station.SessionClock;

/** What the station operator reads at the end of a session. */
final class StatusLine {

    private StatusLine() {
    }

    /** The closing lines: time to first audio, where it went, and what played (gap time at the session's rate). */
    static void summary(PrintStream out, SessionReport report, PlaybackEngine engine, SessionClock clock) {
        engine.stats().firstAudioNanos().ifPresentOrElse(
                first -> out.printf("player-agent: time to first audio %.0f ms (request sent -> first sample written"
                        + " to the output)%n", (first - report.requestSentNanos()) / 1e6),
                () -> out.println("player-agent: no audio was written"));
        engine.stats().firstAudioNanos().ifPresent(first -> {
            Map<String, Double> hops = report.hopMillis(first);
            if (!hops.isEmpty()) {
                StringBuilder line = new StringBuilder("player-agent: where it went (ms):");
                hops.forEach((hop, ms) -> line.append(String.format(" %s +%.1f", hop, ms)));
                out.println(line);
            }
        });
        int deviceRate = engine.settings().deviceRate();
        double seconds = engine.stats().framesRendered() / (double) deviceRate;
        // Underruns: the session buffer ran dry (data late). Device dropouts: the sound card ran dry (the render
        // thread late), each heard as inserted silence; always printed in this form so scripts can read it.
        out.printf(Locale.ROOT, "player-agent: played %.3f s (%d frames at %d Hz): %d data samples, %s, underruns %d,"
                + " device dropouts %d (%.1f ms), duplicate blocks dropped %d, records skipped %d%n", seconds,
                engine.stats().framesRendered(), deviceRate, report.samples(),
                report.gaps() == 0 ? "no gaps" : report.gaps() + (report.gaps() == 1 ? " gap" : " gaps") + " of "
                        + DurationConverter.text(Duration.ofMillis(Math.round(
                                clock.secondsOf(report.gapSamples()) * 1000))) + " data time as silence",
                engine.stats().underruns(), engine.output().deviceDropouts(), engine.output().dropoutMillis(), report.duplicatesDropped(),
                report.recordsSkipped());
    }
}
