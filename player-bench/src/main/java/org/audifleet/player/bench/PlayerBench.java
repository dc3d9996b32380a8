package org.audifleet.player.bench;

import org.audifleet.player.bench.sync.SyncCommand;
import org.audifleet.player.session.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the station's measurement commands: kept out of the station CLI that ships. */
@Command(name = "player-bench", mixinStandardHelpOptions = true, version = "player-bench 0.1.0",
        description = {
            "Measures the listening station (player-agent) against a running fleet or on its own:",
            "",
            "bench: time to first audio over many sessions per origin, with a breakdown per hop.",
            "soak: underruns of one long session on a real-time output while other sessions stream.",
            "jitter: render-thread period timing and allocation, from a synthetic session in memory.",
            "command-to-sound: from the exec of `player-agent play`, and from a daemon's PLAY control, to the first"
                + " sample written.",
            "sync: N stations of a room recorded together, every member's offset against member 1 (issue 14).",
            "",
            "bin/bench-ttfa, bin/bench-soak and bin/bench-command-to-sound start a local fleet and run bench, soak and"
                + " command-to-sound against it."},
        subcommands = {BenchCommand.class, SoakCommand.class, JitterCommand.class, CommandToSoundCommand.class,
            SyncCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  measured (soak: every session complete, the main one without underruns)",
            "  1  failed, or a measured goal was missed (see the output)",
            "  2  bad command line",
            "",
            "Example (after bin/demo's services are up):",
            "  player-bench bench --origins demo-10m,demo-1h,demo-6h --sessions 20"})
public final class PlayerBench implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "say what to measure: bench, soak, jitter, command-to-sound, sync (or --help)");
    }

    static CommandLine commandLine() {
        return new CommandLine(new PlayerBench()).setExitCodeExceptionMapper(ExitCodes::of);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
