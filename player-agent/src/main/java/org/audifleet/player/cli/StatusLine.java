package org.audifleet.player.cli;

import java.io.PrintStream;
import java.time.Duration;
import org.audifleet.player.engine.EngineSettings;
import org.audifleet.player.engine.PlaybackEngine;
import org.audifleet.player.session.SessionPlayer;

/** What the station operator reads at the end of a session. */
final class StatusLine {

    private StatusLine() {
    }

    static void summary(PrintStream out, SessionPlayer.SessionReport report, PlaybackEngine engine,
            EngineSettings settings) {
        engine.firstAudioNanos().ifPresentOrElse(
                first -> out.printf("player-agent: time to first audio %.0f ms (request sent -> first sample written"
                        + " to the output)%n", (first - report.requestSentNanos()) / 1e6),
                () -> out.println("player-agent: no audio was written"));
        engine.firstAudioNanos().ifPresent(first -> {
            if (!report.hops().isEmpty()) {
                StringBuilder hops = new StringBuilder("player-agent: where it went (ms):");
                long previous = -1;
                for (var hop : report.hops().entrySet()) {
                    if (previous >= 0) {
                        hops.append(String.format(" %s +%.1f", hop.getKey(), (hop.getValue() - previous) / 1000.0));
                    }
                    previous = hop.getValue();
                }
                long firstMicros = report.requestSentMicros() + (first - report.requestSentNanos()) / 1000;
                hops.append(String.format(" first-audio-written +%.1f", (firstMicros - previous) / 1000.0));
                out.println(hops);
            }
        });
        double seconds = engine.framesRendered() / (double) settings.deviceRate();
        out.printf("player-agent: played %.3f s (%d frames at %d Hz): %d data samples, %s, underruns %d, duplicate"
                + " blocks dropped %d%n", seconds, engine.framesRendered(), settings.deviceRate(), report.samples(),
                report.gaps() == 0 ? "no gaps" : report.gaps() + (report.gaps() == 1 ? " gap" : " gaps") + " of "
                        + PlayCommand.human(Duration.ofMillis(Math.round(report.gapSamples() * 1000
                                / settings.sourceRate()))) + " data time as silence",
                engine.underruns(), report.duplicatesDropped());
    }
}
