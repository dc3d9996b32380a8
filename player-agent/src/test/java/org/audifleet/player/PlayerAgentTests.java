package org.audifleet.player;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.audifleet.player.session.ExitCodes;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PlayerAgentTests {

    /** The README's exit code 2 for a bad command line; the measurement commands live in player-bench now. */
    @Test
    void aBadCommandLineExitsWithUsageAndTheBenchIsNotPartOfTheStation() {
        CommandLine cli = PlayerAgent.commandLine();
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.execute("play", "--no-such-option")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.execute("bench")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.getSubcommands()).containsOnlyKeys("play", "daemon", "control", "devices", "help");
    }
}
