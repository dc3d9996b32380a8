package org.audifleet.player.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.audifleet.player.session.ExitCodes;
import org.audifleet.player.output.Outputs;
import picocli.CommandLine.Command;

@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "Lists the sound devices Java Sound can play on. Use a name (or part of it) with"
            + " `play --output device:NAME`; `--output auto` takes the default one.")
public final class DevicesCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        List<String> devices = Outputs.devices();
        if (devices.isEmpty()) {
            System.out.println("no sound devices (play --output auto will write a WAV file instead)");
            return ExitCodes.OK;
        }
        devices.forEach(System.out::println);
        return ExitCodes.OK;
    }
}
