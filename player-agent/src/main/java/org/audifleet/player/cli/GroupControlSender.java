package org.audifleet.player.cli;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.audifleet.player.group.FleetInstant;
import org.audifleet.player.group.GroupStatusLine;
import org.audifleet.player.group.StationsTopic;
import org.audifleet.player.group.StreamMapping;
import org.audifleet.player.session.ExitCodes;
import org.audifleet.player.session.FleetException;
import org.audifleet.player.session.KafkaClientSettings;
import org.audifleet.player.sync.FleetClock;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackControl;
import org.audifleet.wire.StationAnnouncement;
import picocli.CommandLine;

/**
 * {@code control --group GROUP ...}: one control for every member of a group, scheduled {@code --lead} ahead of fleet
 * time or at the fleet instant {@code --at}, or {@code status}, one line per member from the {@code stations} topic.
 */
final class GroupControlSender {

    private final ControlCommand options;

    GroupControlSender(ControlCommand options) {
        this.options = options;
    }

    int call() {
        String first = options.words.get(0).toLowerCase(Locale.ROOT);
        boolean status = first.equals("status");
        PlaybackControl.Command command = null;
        try {
            if (!options.station.isEmpty()) {
                throw new IllegalArgumentException("give --station or --group, not both");
            }
            if (options.lead != null && options.at != null) {
                throw new IllegalArgumentException("give --lead or --at, not both");
            }
            if (status && options.at != null) {
                throw new IllegalArgumentException("--at is for a control, not status");
            }
            if (!options.streams.isEmpty() && !first.equals("play")) {
                throw new IllegalArgumentException("--streams is for play");
            }
            if (status) {
                if (options.words.size() > 1) {
                    throw new IllegalArgumentException("status takes no arguments");
                }
            } else {
                command = ControlCommand.command(options.words);
                // What a group cannot mean (a station's filter, a relative position) is told before anything opens.
                control(options.group, UUID.randomUUID(), command, 0, 1, List.of());
            }
        } catch (RuntimeException e) {
            throw usage(e.getMessage());
        }
        KafkaClientSettings kafka;
        List<StationAnnouncement> members;
        try {
            kafka = options.connect();
            members = command == null || command instanceof PlaybackControl.Play ? members(kafka) : List.of();
        } catch (FleetException e) {
            System.err.println("player-agent: " + e.getMessage());
            return e.exitCode();
        }
        if (status) {
            long now = Micros.now();
            for (StationAnnouncement a : members) {
                System.out.println(GroupStatusLine.of(a, now));
            }
            if (members.isEmpty()) {
                System.err.println("player-agent: no station announces group " + options.group + " on stations");
            }
            return ExitCodes.OK;
        }
        List<PlaybackControl.MemberStream> mapping = List.of();
        if (command instanceof PlaybackControl.Play play) {
            List<String> names = members.stream().map(StationAnnouncement::station).toList();
            try {
                mapping = StreamMapping.of(names, options.streams, options.group);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            System.out.println("player-agent: group " + options.group + ": " + names.size()
                    + (names.size() == 1 ? " member" : " members") + " on stations now");
            for (String line : StreamMapping.describe(names, mapping, play.stream())) {
                System.out.println("player-agent:   " + line);
            }
        }
        Duration lead = GroupLead.of(command, options.lead);
        try (FleetClock clock = options.timeService.open(n -> System.err.println("player-agent: " + n))) {
            if (!awaitReady(clock, options.apiTimeout)) {
                System.err.println("player-agent: no fleet time from " + clock.describe() + " within "
                        + options.apiTimeout.toSeconds() + " s (--api-timeout): nothing sent");
                return ExitCodes.FAILED;
            }
            long now = clock.fleetNanos();
            long at = options.at == null ? now + lead.toNanos()
                    : options.at.getEpochSecond() * 1_000_000_000L + options.at.getNano();
            if (at < now) {
                System.err.println("player-agent: --at " + FleetInstant.format(at) + " is " + (now - at) / 1_000_000
                        + " ms in the past of fleet time (" + clock.describe() + "): nothing sent");
                return ExitCodes.USAGE;
            }
            UUID session = options.session != null ? options.session
                    : command instanceof PlaybackControl.Play ? UUID.randomUUID() : PlaybackControl.ANY_SESSION;
            PlaybackControl control = control(options.group, session, command, Micros.now(), at, mapping);
            int sent = options.send(kafka, control);
            if (sent == ExitCodes.OK) {
                System.out.println("player-agent: sent " + command.kind() + " to group " + options.group + " at "
                        + FleetInstant.format(at) + " fleet time (" + at + " ns, " + (at - now) / 1_000_000 + " ms ahead, "
                        + clock.describe() + ")"
                        + (command instanceof PlaybackControl.Play ? ": group session " + session : ""));
            }
            return sent;
        }
    }

    /** The group control; a PLAY takes the member streams. Throws IllegalArgumentException for what no group takes. */
    static PlaybackControl control(String group, UUID session, PlaybackControl.Command command, long nowMicros,
            long atNanos, List<PlaybackControl.MemberStream> members) {
        PlaybackControl.Command c = command instanceof PlaybackControl.Play p ? new PlaybackControl.Play(p.origin(),
                p.stream(), p.startMicros(), p.endMicros(), p.speed(), members) : command;
        return PlaybackControl.forGroup(group, session, nowMicros, atNanos, c);
    }

    private List<StationAnnouncement> members(KafkaClientSettings kafka) throws FleetException {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) options.apiTimeout.toMillis());
        c.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(options.apiTimeout.toMillis(), 30_000));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.over(c), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            return StationsTopic.members(consumer, options.group, options.bootstrap, options.apiTimeout,
                    w -> System.err.println("player-agent: " + w));
        }
    }

    private static boolean awaitReady(FleetClock clock, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!clock.ready()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(options.spec.commandLine(), message);
    }
}
