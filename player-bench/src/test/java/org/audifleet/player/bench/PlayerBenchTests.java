package org.audifleet.player.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.audifleet.player.session.ExitCodes;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PlayerBenchTests {

    @Test
    void theMeasurementCommandsAnswerHelpAndABadCommandLineExitsWithUsage() {
        StringWriter out = new StringWriter();
        CommandLine cli = PlayerBench.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("--help")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("bench", "soak", "jitter");
        assertThat(cli.execute()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.execute("bench", "--no-such-option")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.execute("jitter", "--seconds", "5", "--warm-up", "10")).isEqualTo(ExitCodes.USAGE);
    }
}
