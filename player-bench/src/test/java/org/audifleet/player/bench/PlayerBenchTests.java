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
        assertThat(out.toString()).contains("sync");
        assertThat(cli.execute("sync", "--stations", "1")).as("a room of one").isEqualTo(ExitCodes.USAGE);
        assertThat(cli.execute("sync", "--stations", "2,x")).isEqualTo(ExitCodes.USAGE);
    }

    /** Argument handling only: every bad value exits 2 before any process, file or Kafka client is started. */
    @Test
    void commandToSoundChecksItsArgumentsBeforeStartingAnything() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PlayerBench.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("--help")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("command-to-sound");
        assertThat(cli.execute("command-to-sound", "--help")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("--runs", "--daemon-runs", "--player", "--work", "p50/p95");

        String player = "../bin/player-agent";
        assertThat(cli.execute("command-to-sound", "--player", player, "--runs", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.execute("command-to-sound", "--player", player, "--runs", "ten")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.execute("command-to-sound", "--player", player, "--daemon-runs", "-1"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(cli.execute("command-to-sound", "--player", player, "--duration", "-10m"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(cli.execute("command-to-sound", "--player", "no/such/player-agent")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.execute("command-to-sound", "--player", player, "--start", "yesterday"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--runs must be at least 1, got 0", "--daemon-runs must be 0",
                "no/such/player-agent is not an executable file");
    }
}
