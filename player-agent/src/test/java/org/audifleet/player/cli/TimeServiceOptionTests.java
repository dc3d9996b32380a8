package org.audifleet.player.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.audifleet.player.session.ExitCodes;
import org.audifleet.player.sync.FleetClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code --time-service}, through picocli as the daemon and control mix it in. */
class TimeServiceOptionTests {

    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        @Mixin
        TimeServiceOption timeService;

        @Override
        public Integer call() {
            return 0;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1:", ":9123", "127.0.0.1:0", "127.0.0.1:65536", "host:port",
        "::1:9123", "a b:9123"})
    void aValueThatIsNotHostPortIsOneUsageLineAndExitTwo(String value) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Probe());
        cli.setErr(new PrintWriter(err));
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println(e.getMessage());
            return ExitCodes.USAGE;
        });
        assertThat(cli.execute("--time-service", value)).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString().strip()).isEqualTo("Invalid value for option '--time-service': '" + value
                + "' is not HOST:PORT (a host name or address and a UDP port 1..65535, e.g. 127.0.0.1:9123 or"
                + " [::1]:9123)");
    }

    @Test
    void unsetItIsTheStationsWallClockAndSetItIsTheTimeService() {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs();
        assertThat(probe.timeService.open(line -> { })).isSameAs(FleetClock.wall());

        new CommandLine(probe).parseArgs("--time-service", "[::1]:9");
        List<String> notices = new ArrayList<>();
        try (FleetClock clock = probe.timeService.open(notices::add)) {
            assertThat(clock.describe()).isEqualTo("udp://::1:9");
            assertThat(clock.ready()).isFalse();
            assertThat(clock.offsetNanos()).isZero();
            assertThat(clock.uncertaintyNanos()).isEqualTo(Long.MAX_VALUE);
        }
    }
}
