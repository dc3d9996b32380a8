package org.audifleet.player.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.audifleet.player.metrics.MetricsOptions;
import org.audifleet.player.metrics.StationMetrics;
import org.audifleet.player.session.ExitCodes;
import org.audifleet.player.session.FleetException;
import org.audifleet.player.session.KafkaClientSettings;
import org.audifleet.player.session.StationSession;
import org.audifleet.player.engine.SoundFilters;
import org.audifleet.player.output.JavaSoundOutput;
import org.audifleet.player.output.Outputs;
import org.audifleet.player.station.DataPosition;
import org.audifleet.player.station.RawTerminal;
import org.audifleet.player.station.StartPosition;
import org.audifleet.player.station.StationView;
import org.audifleet.signal.Detrend;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackControl;
import org.audifleet.wire.PlaybackRequest;
import org.audifleet.wire.StreamId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "play", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Asks the fleet for a window of one stream and plays it as it arrives.",
            "",
            "The data rate times --speed is the playback rate: 100 Hz x 441 = 44.1 kHz, so one hour of"
                + " data plays in 8.16 s. Gaps in the data play as silence. At the end it prints the time to"
                + " first audio (request sent -> first sample written to the output) and a summary.",
            "",
            "stdout carries only audio, and only with --output wav:- (a WAV stream for a pipe: sox, ffmpeg, aplay)."
                + " Everything the station says (the session header, notices, errors, the summary) goes to stderr.",
            "",
            "In a terminal (stdin and stdout both a terminal), stderr shows two live lines, redrawn 4 times a"
                + " second: the session's waveform with the playhead (highlighted column; \u2591 = gap, blank ="
                + " not arrived yet), and the data time being played, how much is buffered ahead (data time and"
                + " audio time at the current speed), underruns, gaps, speed and volume. --quiet turns them off;"
                + " piped or redirected, nothing is drawn."},
        footerHeading = "%nKeys (in a terminal; --no-keys turns them off):%n",
        footer = {
            "  space     pause / resume",
            "  \u2190 / \u2192     seek back / forward by --seek-step of audio (default 1 s = 441 s of data,",
            "            7m21s, at 441x). Seeks stay inside what is buffered: past it they clamp to",
            "            its end (a pre-roll short while data still arrives) and the status line says so.",
            "  \u2191 / \u2193     volume +/- 0.1 (0 to 2)",
            "  + / -     speed up / down: 0.1 0.25 0.5 0.75 1 1.5 2 3 4 6 8 10 15 x --speed",
            "  l         loop the current position \u00b1 1 min of data (inside what is buffered)",
            "  L         clear the loop",
            "  f         the sound's high-pass: off, 0.01, 0.02, 0.045 Hz of data frequency, off",
            "  d         the sound's DC removal: off, running mean, running line",
            "  n         normalize on / off",
            "  g         go to: type a position (00:12:30, 10:00, +5m, -30s) and Enter to seek,",
            "            or two to loop between them; Esc cancels. Positions are data time from the",
            "            window's start, or relative to the playhead with a sign.",
            "  q         stop: end playback now, print the summary, exit 0",
            "  h         show the keys on the status line",
            "The terminal is put back as it was on exit, also on Ctrl-C (if it is ever left raw: stty sane).",
            "",
            "Exit codes: 0 played to the end (or stopped with q), 1 failed, 2 bad command line (one line: the"
                + " option, the value, what it accepts), 3 broker not there or too slow (--api-timeout), 4 fleet"
                + " not ready (topics missing, no fetcher answered within --status-timeout, or it gave no plan within"
                + " its planning deadline plus that), 5 no audio (the"
                + " fetcher's reason: unknown origin or stream, window too long or outside the data, no data), 6"
                + " output failed, 7 the broker refused the station (authentication, TLS trust or an ACL; see"
                + " --kafka-config), 130 Ctrl-C.",
            "",
            "Examples:",
            "  player-agent play --origin demo --stream XX.DEMO..HHZ \\",
            "      --start 2024-01-01T00:00:00Z --duration 1h",
            "  player-agent play --origin demo --stream XX.DEMO..HHZ --start 2024-01-01T00:00:00Z \\",
            "      --duration 6h --speed 441 --seek-step 2s --output wav:six-hours.wav"})
public final class PlayCommand implements Callable<Integer> {

    @Option(names = "--origin", required = true, paramLabel = "NAME",
            description = "Origin to read from, by the name the fetcher knows it (e.g. demo).")
    String origin;

    @Option(names = "--stream", required = true, paramLabel = "NET.STA.LOC.CHA", converter = OptionBounds.Stream.class,
            description = "Stream to play, e.g. XX.DEMO..HHZ (blank location: two dots).")
    StreamId stream;

    @Option(names = "--start", required = true, paramLabel = "TIME", converter = OptionBounds.Time.class,
            description = "Window start, UTC, ISO-8601 (2024-01-01T00:00:00Z).")
    Instant start;

    @Option(names = "--duration", defaultValue = "1h", converter = OptionBounds.PositiveLength.class,
            paramLabel = "LENGTH", description = "Window length of data time: 90s, 10m, 1h, 1h30m, 1d, at most"
                + " --max-duration (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--max-duration", defaultValue = OptionBounds.DEFAULT_MAX_DURATION,
            converter = OptionBounds.PositiveLength.class, paramLabel = "LENGTH",
            description = "Longest --duration accepted (default: ${DEFAULT-VALUE}, the fetcher's default"
                + " audifleet.fetch.max-window; raise both together).")
    Duration maxDuration;

    @Option(names = "--speed", defaultValue = "441", paramLabel = "X", converter = OptionBounds.BaseSpeed.class,
            description = "Playback speed as a multiple of real time, " + OptionBounds.MIN_BASE_SPEED + " to "
                + OptionBounds.MAX_BASE_SPEED + " (default: ${DEFAULT-VALUE}; 441 plays 100 Hz data at 44.1 kHz). "
                + "The + key's 0.1x to 15x plays on top, band-limited up to " + OptionBounds.MAX_BASE_SPEED
                + "x x 15; data above 100 Hz plays up to 1 MHz of samples at 1x.")
    double speed;

    @Option(names = "--volume", defaultValue = "1.0", paramLabel = "GAIN", converter = OptionBounds.Volume.class,
            description = "0 to 2 (default: ${DEFAULT-VALUE}). The session's loudest sample plays at -1 dBFS at 1.0.")
    double volume;

    @Option(names = "--output", defaultValue = "auto", paramLabel = "SPEC",
            description = {"auto (sound card, else a WAV file), wav:FILE, wav:- (a WAV stream to stdout, its sizes"
                + " 0xFFFFFFFF as a pipe cannot seek back), null, or device:NAME (see `devices`).",
                "Default: ${DEFAULT-VALUE}."})
    String output;

    @Option(names = "--wav-fallback", defaultValue = "audifleet-session.wav", paramLabel = "FILE",
            description = "Where --output auto writes when there is no sound card (default: ${DEFAULT-VALUE}).")
    Path wavFallback;

    @Option(names = "--bootstrap", defaultValue = "${env:AUDIFLEET_KAFKA_BOOTSTRAP:-127.0.0.1:9092}",
            paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}; env AUDIFLEET_KAFKA_BOOTSTRAP).")
    String bootstrap;

    @Mixin
    KafkaConfigOption kafkaConfig = new KafkaConfigOption();

    @Option(names = "--status-timeout", defaultValue = "5s", converter = OptionBounds.PositiveLength.class,
            paramLabel = "LENGTH", description = "Give up (exit 4) if no fetcher answers the request within this"
                + " (default: ${DEFAULT-VALUE}; it answers within 2 s, also on a busy machine); once it says it is"
                + " planning, wait for its plan up to its planning deadline plus this.")
    Duration statusTimeout;

    @Option(names = "--first-audio-timeout", defaultValue = "30s", converter = OptionBounds.PositiveLength.class,
            paramLabel = "LENGTH", description = "Give up (exit 5) if no audio arrives within this of the request"
                + " (default: ${DEFAULT-VALUE}).")
    Duration firstAudioTimeout;

    @Option(names = "--stall-timeout", defaultValue = "30s", converter = OptionBounds.PositiveLength.class,
            paramLabel = "LENGTH", description = "Give up (exit 5) if the session stops arriving for this long"
                + " (default: ${DEFAULT-VALUE}).")
    Duration stallTimeout;

    @Option(names = "--api-timeout", defaultValue = "60s", converter = OptionBounds.PositiveLength.class,
            paramLabel = "LENGTH", description = "How long a Kafka call may take before the broker counts as too slow"
                + " (exit 3; default: ${DEFAULT-VALUE}). A broker that is not running is told at once.")
    Duration apiTimeout;

    @Option(names = "--session-id-file", paramLabel = "FILE",
            description = "Write the session id here (to fetch its waveform from the waveform service).")
    Path sessionIdFile;

    @Option(names = "--seek-step", defaultValue = "1s", converter = OptionBounds.PositiveLength.class,
            paramLabel = "LENGTH",
            description = "Audio time \u2190/\u2192 seek by, at speed 1x (default: ${DEFAULT-VALUE}; at 441x 1 s of"
                + " audio is 441 s of data, an eighth of an hour-long session).")
    Duration seekStep;

    @Option(names = "--high-pass", defaultValue = "off", paramLabel = "HZ", converter = OptionBounds.HighPass.class,
            description = "The sound's Butterworth high-pass corner, Hz of data frequency (0.01, 0.02, 0.045 or any"
                + " up to 10), or off (default: ${DEFAULT-VALUE}); the f key steps through them.")
    double highPass;

    @Option(names = "--dc", defaultValue = "off", paramLabel = "MODE", converter = OptionBounds.Dc.class,
            description = "The sound's DC removal: off, mean (running mean) or line (running least-squares line)"
                + " (default: ${DEFAULT-VALUE}); the d key steps through them.")
    Detrend.Mode dc;

    @Option(names = "--normalize", defaultValue = "on", arity = "1", paramLabel = "on|off",
            converter = OptionBounds.OnOff.class,
            description = "on: the session's loudest sample plays near full scale; off: 2^23 counts do (default:"
                + " ${DEFAULT-VALUE}); the n key toggles it.")
    boolean normalize;

    @Option(names = "--seek", paramLabel = "POSITION", converter = OptionBounds.Position.class,
            description = "Start playing at POSITION: " + DataPosition.FORMS + "; applied once it has arrived.")
    PlaybackControl.Position seekTo;

    @Option(names = "--loop", paramLabel = "POSITION", arity = "2", converter = OptionBounds.Position.class,
            description = "Loop [FROM, TO), two positions as for --seek; applied once TO has arrived.")
    List<PlaybackControl.Position> loop;

    @Option(names = "--no-keys", description = "Do not read keys from the terminal.")
    boolean noKeys;

    @Option(names = {"-q", "--quiet"}, description = "Only the summary lines: no header, no live status lines.")
    boolean quiet;

    @Mixin
    MetricsOptions metricsOptions;

    @Option(names = "--station-name", paramLabel = "NAME", description = "The station label of the metrics"
            + " (default: this host's name).")
    String stationName;

    /** The metrics served with --metrics-port, else null. */
    private StationMetrics metrics;

    @Spec
    CommandSpec spec;

    private static final String WAV_TO_STDOUT = "wav:-";

    /** Every line the station writes: stdout is kept for the audio of {@code --output wav:-}. */
    private final PrintStream err = System.err;

    @Override
    public Integer call() throws IOException {
        OptionBounds.checkWindow(spec.commandLine(), duration, maxDuration);
        if (!metricsOptions.enabled()) {
            return playToOutput();
        }
        MetricsOptions.Served served;
        try {
            served = metricsOptions.serve(stationName != null ? stationName : hostName(), StationMetrics.Trigger.PLAY,
                    err);
        } catch (IOException e) {
            err.println("player-agent: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        try (served) {
            metrics = served.metrics();
            int code = playToOutput();
            metrics.sessionEnded(code);
            return code;
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "station";
        }
    }

    private int playToOutput() throws IOException {
        if (!output.trim().equals(WAV_TO_STDOUT)) {
            return play(null);
        }
        // The WAV goes to file descriptor 1 itself: System.out is a PrintStream, which would hide a closed pipe.
        // While it streams, System.out points at stderr, so a stray line from anywhere cannot corrupt the WAV.
        PrintStream systemOut = System.out;
        System.setOut(err);
        try {
            return play(new FileOutputStream(FileDescriptor.out));
        } finally {
            System.setOut(systemOut);
        }
    }

    private int play(OutputStream stdout) throws IOException {
        StreamId streamId = stream;
        UUID sessionId = UUID.randomUUID();
        if (sessionIdFile != null) {
            Files.writeString(sessionIdFile, sessionId.toString());
        }
        PlaybackRequest request = new PlaybackRequest(sessionId, origin, streamId, Micros.of(start),
                Micros.of(start.plus(duration)), Micros.now());
        // System.console() is non-null only when stdin and stdout are both a terminal.
        boolean interactive = System.console() != null;
        int width = interactive ? RawTerminal.columns(80) : 80;
        StationSession session;
        KafkaClientSettings kafka;
        try {
            kafka = kafkaConfig.load();
            session = StationSession.of(bootstrap, request).kafkaSettings(kafka).speed(speed).volume(volume)
                    .timeouts(firstAudioTimeout, stallTimeout).statusTimeout(statusTimeout)
                    .apiTimeout(apiTimeout).notices(n -> err.println("player-agent: " + n)).seekStep(seekStep).overview(Math.max(10, width - 1))
                    .open(format -> Outputs.open(output, format, JavaSoundOutput.DEFAULT_LINE_BUFFER_BYTES,
                            wavFallback, stdout, n -> err.println("player-agent: " + n)));
        } catch (FleetException e) {
            err.println("player-agent: " + e.getMessage());
            return e.exitCode();
        }
        if (!quiet) {
            err.printf("player-agent: session %s: %s %s + %s from origin %s at %.0fx%n", sessionId, streamId, start,
                    DurationConverter.text(duration), origin, speed);
            err.println("player-agent: output: " + session.output().describe());
            if (kafkaConfig.given()) {
                err.println("player-agent: Kafka client settings: " + kafka); // keys only, never a value
            }
        }
        session.engine().setFilters(new SoundFilters(highPass, dc, normalize));
        StationView[] view = new StationView[1];
        Thread stop = new Thread(() -> {
            session.engine().close(); // not the Kafka clients: the main thread may be polling them
            if (view[0] != null) {
                view[0].restoreTerminal();
            }
        }, "player-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(stop);
        try (session) {
            session.start();
            StartPosition.applyOnceArrived(session.controls(), seekTo, loop, !session.output().realTime(),
                    n -> err.println("player-agent: " + n));
            if (metrics != null) {
                metrics.sessionStarted(session, StationMetrics.processStartNanos());
            }
            if (interactive && (!quiet || !noKeys)) {
                view[0] = StationView.start(session.engine(), session.controls(), session.overview(), err, width,
                        !quiet, !noKeys);
            }
            try {
                session.play();
                if (view[0] != null) {
                    // Keys can pause or loop: wait for the end of playback or q, however long that takes.
                    while (!session.awaitEnd(Duration.ofSeconds(1))) {
                        // waiting
                    }
                } else {
                    session.awaitEnd(duration.dividedBy((long) Math.max(1, speed)).plusSeconds(30));
                }
            } finally {
                if (view[0] != null) {
                    view[0].close();
                }
            }
            if (session.stopped()) {
                err.println("player-agent: stopped by the operator (q)");
            }
            StatusLine.summary(err, session.report(), session.engine(), session.clock());
            if (session.engine().failure() != null) {
                err.println("player-agent: output failed: " + session.engine().failure().getMessage());
                return ExitCodes.OUTPUT_FAILED;
            }
            return ExitCodes.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        } catch (FleetException e) {
            err.println("player-agent: " + e.getMessage());
            return e.exitCode();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // already on the way out
            }
        }
    }
}
