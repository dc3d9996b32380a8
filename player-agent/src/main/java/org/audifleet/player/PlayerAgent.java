package org.audifleet.player;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.audifleet.player.cli.ControlCommand;
import org.audifleet.player.cli.DaemonCommand;
import org.audifleet.player.cli.DevicesCommand;
import org.audifleet.player.cli.PlayCommand;
import org.audifleet.player.session.ClientWarmUp;
import org.audifleet.player.session.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the station CLI. */
@Command(name = "player-agent", mixinStandardHelpOptions = true, version = "player-agent 0.1.0",
        description = {
            "Plays archived sensor data (seismometers at 100 Hz, audified: 441x faster is 44.1 kHz) from the"
                + " Audifleet fleet on this station's sound card, or into a WAV file.",
            "",
            "It sends a playback request to the fleet over Kafka and plays the session's PCM blocks as they"
                + " arrive, on a real-time render thread that never waits for the network.",
            "",
            "play: one session now, with a live waveform and status lines and keys in a terminal"
                + " (player-agent play --help lists the keys). daemon: a station that plays what"
                + " `control` tells it over Kafka (playback.controls)."},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  played to the end (or stopped with q)",
            "  1  failed (see the message)",
            "  2  bad command line (one line: the option, the value, what it accepts)",
            "  3  Kafka broker not there, or too slow to answer within --api-timeout",
            "  4  fleet not ready: its topics do not exist, no fetcher answered within --status-timeout, or the"
                + " fetcher took the request but gave no plan within its planning deadline plus --status-timeout",
            "  5  no audio: the fetcher rejected the request (its reason), no data in the window, or the session"
                + " stalled",
            "  6  the output (sound card or file) failed",
            "130  interrupted (Ctrl-C)",
            "",
            "Example (after bin/demo's services are up):",
            "  player-agent play --origin demo --stream XX.DEMO..HHZ \\",
            "      --start 2024-01-01T00:00:00Z --duration 1h"})
public final class PlayerAgent implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "say what to do: play, daemon, control, devices (or --help)");
    }

    /** The subcommands, in the order the usage lists them (then {@code help}). */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("play", PlayCommand::new);
        m.put("daemon", DaemonCommand::new);
        m.put("control", ControlCommand::new);
        m.put("devices", DevicesCommand::new);
        return m;
    }

    /** The whole CLI: every subcommand and {@code help}. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The CLI for a command line whose first word is {@code first}: when that names a subcommand, only its model
     * is built (picocli builds each by reflection over its annotations, ~0.1 s of a cold start for the others,
     * which a {@code play} never uses); otherwise, for the usage, {@code help} or a misspelt name, all of them.
     */
    static CommandLine commandLine(String first) {
        CommandLine cli = new CommandLine(new PlayerAgent());
        boolean one = COMMANDS.containsKey(first);
        COMMANDS.forEach((name, command) -> {
            if (!one || name.equals(first)) {
                cli.addSubcommand(name, command.get());
            }
        });
        if (!one) {
            cli.addSubcommand("help", new CommandLine.HelpCommand());
        }
        cli.setExitCodeExceptionMapper(ExitCodes::of);
        cli.setParameterExceptionHandler(PlayerAgent::usageError);
        return cli;
    }

    /**
     * A bad command line is one line, {@code player-agent play: <what was wrong> (player-agent play --help)}, and
     * exit 2: the usage stays behind {@code --help}.
     */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        String command = cli.getCommandSpec().qualifiedName();
        cli.getErr().println(command + ": " + e.getMessage() + " (" + command + " --help)");
        cli.getErr().flush();
        return ExitCodes.USAGE;
    }

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("play") || args[0].equals("daemon"))) {
            ClientWarmUp.start(); // beside picocli's ~0.3 s of building its model and parsing
        }
        System.exit(commandLine(args.length > 0 ? args[0] : null).execute(args));
    }
}
