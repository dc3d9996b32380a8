package org.audifleet.player.cli;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.audifleet.player.session.ExitCodes;
import org.audifleet.player.session.FleetConnection;
import org.audifleet.player.session.FleetException;
import org.audifleet.player.session.KafkaClientSettings;
import org.audifleet.player.station.DataPosition;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackControl;
import org.audifleet.wire.StreamId;
import org.audifleet.wire.Topics;
import org.audifleet.wire.WireSerdes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "control", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends one control to a station running `player-agent daemon` (topic playback.controls),"
                + " or with --group to every member of a group at one fleet instant.",
            "",
            "Commands:",
            "  play ORIGIN STREAM START DURATION [SPEED]   start a session (prints its id); SPEED default 441",
            "  seek POSITION        play from POSITION of the session's data time",
            "  loop FROM TO         loop [FROM, TO), two positions",
            "  clear-loop",
            "  speed X              multiplier on the session's speed, 0.1 to 15 (SPEED 1 to 10000, as play's --speed)",
            "  volume V             0 to 2",
            "  high-pass HZ|off     the sound's high-pass corner, Hz of data (0.01 0.02 0.045)",
            "  dc off|mean|line     the sound's DC removal: running mean or running line",
            "  normalize on|off     on: the session's peak near full scale; off: 2^23 counts",
            "  pause | resume | stop",
            "POSITION: data time from the session window's start, hh:mm:ss[.fff] or",
            "mm:ss[.fff] (00:12:30, 10:00), or from where the station plays: +N or -N",
            "with s, m or h (+5m, -30s, +1.5h).",
            "The station clamps seeks and loops to what it has buffered, and speed and volume to their limits.",
            "",
            "With --group GROUP (every station running `daemon --group GROUP`):",
            "  play ORIGIN STREAM START DURATION [SPEED]   one session for the group;",
            "                       --streams S1,S2,... go in order to the members sorted",
            "                       by station name (the stations topic now), the rest",
            "                       play STREAM",
            "  pause | resume | seek POSITION | speed X | volume V | loop FROM TO",
            "  clear-loop | stop",
            "  status               one line per member: station, session, position,",
            "                       offset ± uncertainty, playout error, correction,",
            "                       resyncs, announcement age",
            "Each is scheduled --lead ahead of fleet time (--time-service), or at --at; it",
            "prints the instant. A group's POSITION is from the window's start (no +N/-N);",
            "high-pass, dc and normalize are each station's own: send them with --station."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  sent (acknowledged by the broker); status printed", "  1  --group: no fleet time from the time service within --api-timeout", "  2  bad command line",
            "  3  Kafka broker not there, or too slow to answer within --api-timeout",
            "  4  --group: the stations topic does not exist (services not started)",
            "",
            "Examples:",
            "  player-agent control --station lab-1 play demo XX.DEMO..HHZ 2024-01-01T00:00:00Z 1h",
            "  player-agent control --station lab-1 seek 00:12:30",
            "  player-agent control --station lab-1 seek -30s",
            "  player-agent control --station lab-1 loop 10:00 14:00",
            "  player-agent control --station lab-1 high-pass 0.02",
            "  player-agent control --station lab-1 pause",
            "  player-agent control --group hall play demo XX.DEMO..HHZ 2024-01-01T00:00:00Z 1h",
            "  player-agent control --group hall --streams XX.STA1..HHZ,XX.STA2..HHZ play demo XX.STA1..HHZ"
                + " 2024-01-01T00:00:00Z 1h",
            "  player-agent control --group hall pause",
            "  player-agent control --group hall status"})
public final class ControlCommand implements Callable<Integer> {

    @Option(names = "--station", paramLabel = "NAME", defaultValue = "",
            description = "Station to control (needed for play; else give --session).")
    String station;

    @Option(names = "--group", paramLabel = "GROUP", defaultValue = "",
            description = "Group to control: every station running `daemon --group GROUP` (instead of --station).")
    String group;

    @Option(names = "--lead", paramLabel = "LENGTH", converter = OptionBounds.PositiveLength.class,
            description = "--group: how far ahead of fleet time now the control is scheduled (default: "
                + GroupLead.PLAY + " for play, time for every member to fetch and buffer its start; "
                + GroupLead.CONTROL + " for the others).")
    Duration lead;

    @Option(names = "--at", paramLabel = "INSTANT", converter = OptionBounds.Time.class,
            description = "--group: the fleet instant to schedule at, UTC (2026-12-03T14:00:00Z, to the ns), instead"
                + " of --lead; not in the past.")
    Instant at;

    @Option(names = "--streams", paramLabel = "S1,S2,...", split = ",", converter = OptionBounds.Stream.class,
            description = "--group play: a stream per member, in order of the members' station names.")
    List<StreamId> streams = List.of();

    @Mixin
    TimeServiceOption timeService = new TimeServiceOption();

    @Option(names = "--session", paramLabel = "UUID",
            description = "Session the control is for (default: whatever the station plays; for play: a new id).")
    UUID session;

    @Option(names = "--bootstrap", defaultValue = "${env:AUDIFLEET_KAFKA_BOOTSTRAP:-127.0.0.1:9092}",
            paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    @Mixin
    KafkaConfigOption kafkaConfig = new KafkaConfigOption();

    @Option(names = "--api-timeout", defaultValue = "60s", converter = OptionBounds.PositiveLength.class,
            paramLabel = "LENGTH", description = "How long the broker may take to take the control before it counts"
                + " as too slow (default: ${DEFAULT-VALUE}). A broker that is not running is told at once.")
    Duration apiTimeout;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "COMMAND", description = "The command and its arguments (see above).")
    List<String> words;

    @Override
    public Integer call() {
        if (!group.isEmpty()) {
            return new GroupControlSender(this).call();
        }
        if (lead != null || at != null || !streams.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), (lead != null ? "--lead" : at != null ? "--at"
                    : "--streams") + " is for --group");
        }
        PlaybackControl control;
        try {
            control = parse(station, session, words, Micros.now());
        } catch (RuntimeException e) { // bad number, time, duration, stream or argument count
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        KafkaClientSettings kafka;
        try {
            kafka = connect();
        } catch (FleetException e) {
            System.err.println("player-agent: " + e.getMessage());
            return e.exitCode();
        }
        int sent = send(kafka, control);
        if (sent == ExitCodes.OK) {
            System.out.println("player-agent: sent " + control.command().kind() + " to "
                    + (control.station().isEmpty() ? "session " + control.sessionId() : "station " + control.station())
                    + (control.command() instanceof PlaybackControl.Play ? ": session " + control.sessionId() : ""));
        }
        return sent;
    }

    /** The Kafka settings, with the broker checked to be listening. */
    KafkaClientSettings connect() throws FleetException {
        KafkaClientSettings kafka = kafkaConfig.load();
        bootstrap = kafka.bootstrap(bootstrap);
        FleetConnection.checkBrokerListening(bootstrap);
        return kafka;
    }

    /** Sends {@code control} and waits for the broker's acknowledgement; the exit code, with stderr's line. */
    int send(KafkaClientSettings kafka, PlaybackControl control) {
        long apiMillis = apiTimeout.toMillis();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) apiMillis);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(apiMillis, 1000));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(apiMillis, 30_000));
        try (KafkaProducer<String, PlaybackControl> producer = new KafkaProducer<>(kafka.over(p), new StringSerializer(),
                new WireSerdes.PlaybackControlSerde())) {
            producer.send(new ProducerRecord<>(Topics.PLAYBACK_CONTROLS, control.key(), control))
                    .get(apiMillis + 5000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException | org.apache.kafka.common.KafkaException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String why = cause instanceof org.apache.kafka.common.errors.TimeoutException
                    || e instanceof java.util.concurrent.TimeoutException
                    ? FleetConnection.unanswered(bootstrap, apiTimeout, "take the control").getMessage()
                    : "sending to " + bootstrap + " failed: " + cause.getMessage();
            System.err.println("player-agent: " + why);
            return ExitCodes.BROKER_UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        }
        return ExitCodes.OK;
    }

    /** The control that {@code words} (command and arguments) say. */
    static PlaybackControl parse(String station, UUID session, List<String> words, long nowMicros) {
        PlaybackControl.Command c = command(words);
        UUID id = session != null ? session
                : c instanceof PlaybackControl.Play ? UUID.randomUUID() : PlaybackControl.ANY_SESSION;
        return new PlaybackControl(id, station, nowMicros, c);
    }

    /** The command {@code words} say, checked as every control's. */
    static PlaybackControl.Command command(List<String> words) {
        String command = words.get(0).toLowerCase(java.util.Locale.ROOT);
        List<String> args = words.subList(1, words.size());
        PlaybackControl.Command c = switch (command) {
            case "play" -> {
                want(command, args, 4, 5);
                Instant start = OptionBounds.instant(args.get(2));
                Duration length = OptionBounds.positive(args.get(3));
                long startMicros;
                long endMicros;
                try {
                    startMicros = Micros.of(start);
                    endMicros = Micros.of(start.plus(length));
                } catch (DateTimeException | ArithmeticException e) { // found by ControlCommandFuzzTests
                    throw new IllegalArgumentException("window " + args.get(2) + " + " + args.get(3)
                            + " does not fit in epoch microseconds (the control's time fields)");
                }
                yield new PlaybackControl.Play(args.get(0), OptionBounds.stream(args.get(1)), startMicros, endMicros,
                        args.size() == 5 ? OptionBounds.baseSpeed(args.get(4)) : 441.0);
            }
            case "seek" -> {
                want(command, args, 1, 1);
                yield new PlaybackControl.SeekTime(DataPosition.parse(args.get(0)));
            }
            case "loop" -> {
                want(command, args, 2, 2);
                PlaybackControl.Position from = DataPosition.parse(args.get(0));
                PlaybackControl.Position to = DataPosition.parse(args.get(1));
                if (from.relative() == to.relative() && to.micros() <= from.micros()) {
                    throw new IllegalArgumentException("loop " + args.get(0) + " " + args.get(1)
                            + " is empty: TO must be after FROM");
                }
                yield new PlaybackControl.LoopTime(from, to);
            }
            case "high-pass" -> {
                want(command, args, 1, 1);
                yield new PlaybackControl.HighPass(OptionBounds.highPass(args.get(0)));
            }
            case "dc" -> {
                want(command, args, 1, 1);
                yield new PlaybackControl.Dc(switch (OptionBounds.dc(args.get(0))) {
                    case NONE -> PlaybackControl.DcMode.OFF;
                    case MEAN -> PlaybackControl.DcMode.MEAN;
                    case LINEAR -> PlaybackControl.DcMode.LINEAR;
                });
            }
            case "normalize" -> {
                want(command, args, 1, 1);
                yield new PlaybackControl.Normalize(OptionBounds.onOff(args.get(0)));
            }
            case "clear-loop" -> new PlaybackControl.ClearLoop();
            case "speed" -> {
                want(command, args, 1, 1);
                yield new PlaybackControl.Speed(OptionBounds.speedMultiplier(args.get(0)));
            }
            case "volume" -> {
                want(command, args, 1, 1);
                yield new PlaybackControl.Volume(OptionBounds.volume(args.get(0)));
            }
            case "pause" -> new PlaybackControl.Pause();
            case "resume" -> new PlaybackControl.Resume();
            case "stop" -> new PlaybackControl.Stop();
            default -> throw new IllegalArgumentException("unknown command '" + words.get(0)
                    + "' (play, seek, loop, clear-loop, speed, volume, high-pass, dc, normalize, pause, resume, stop)");
        };
        if ((c instanceof PlaybackControl.ClearLoop || c instanceof PlaybackControl.Pause
                || c instanceof PlaybackControl.Resume || c instanceof PlaybackControl.Stop) && words.size() > 1) {
            throw new IllegalArgumentException(command + " takes no arguments");
        }
        return c;
    }

    private static void want(String command, List<String> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            throw new IllegalArgumentException(command + " takes " + (min == max ? min : min + " to " + max)
                    + " arguments, got " + args.size());
        }
    }
}
