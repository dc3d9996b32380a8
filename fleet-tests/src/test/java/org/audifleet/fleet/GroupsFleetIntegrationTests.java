package org.audifleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.audifleet.chunkstore.demo.DemoStoreWriter;
import org.audifleet.chunkstore.origin.ChunkStoreServer;
import org.audifleet.fleet.StationMetricsIntegrationTests.Station;
import org.audifleet.wire.StreamId;
import org.audifleet.wire.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Groups (issue 14, player-agent/README.md "Groups"): two real daemons in group {@code hall} get a group PLAY, PAUSE,
 * SEEK and SPEED from {@code control --group}, each member checks the control's effect on its engine just after the
 * control's fleet instant and logs it; a third daemon started afterwards reads the group's partition back, joins the
 * same group session and ends up where the group is; {@code control --group hall status} prints one line per member.
 * The fleet clock is each station's wall clock (no --time-service), so this is the wiring, not the sync accuracy
 * (that is the sync test's, with its own clocks and a recording).
 */
@EmbeddedKafka(partitions = Topics.PARTITIONS)
class GroupsFleetIntegrationTests {

    static final StreamId STREAM = DemoStoreWriter.DEFAULT_STREAM;
    static final Instant START = DemoStoreWriter.DEFAULT_START;
    static final Pattern SENT = Pattern.compile("sent (\\S+) to group hall at (\\S+) fleet time \\((\\d+) ns, (\\d+) ms"
            + " ahead");

    @TempDir
    static Path dir;
    static ChunkStoreServer server;
    static Fleet fleet;
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startFleet() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        new DemoStoreWriter().length(Duration.ofHours(2)).write(store);
        server = new ChunkStoreServer(store, 0);
        broker = EmbeddedKafkaCondition.getBroker();
        fleet = new Fleet(broker.getBrokersAsString(), "--audifleet.origins.demo.url=" + server.uri());
        fleet.start(Fleet.Service.FETCHER);
        fleet.start(Fleet.Service.DECODER);
    }

    @AfterAll
    static void stopFleet() {
        Fleet.closeAll(fleet, server);
    }

    @Test
    void twoMembersFollowEveryControlAtItsInstantAndALateJoinerJoinsAtTheGroupsPosition() throws Exception {
        String bootstrap = broker.getBrokersAsString();
        try (Station one = member("hall-1"); Station two = member("hall-2")) {
            awaitMembers(2);

            // At the default 3 s lead a fresh daemon's first session was not yet sounding at its start instant at
            // load ~30 (six builds on two cores): here the lead leaves room for that; the members log the figure.
            StationRun play = control("--streams", STREAM.toString(), "--lead", "10s", "play", "demo",
                    STREAM.toString(), START.toString(), "1h");
            assertThat(play.out()).contains("player-agent: group hall: 2 members on stations now",
                    "player-agent:   hall-1 <- XX.DEMO..HHZ\n", "player-agent:   hall-2 <- XX.DEMO..HHZ (default)");
            Matcher sent = sent(play, "PLAY");
            assertThat(sent.group(4)).isEqualTo("10000");
            String groupSession = find(play.out(), "group session (\\S+)");
            String started = sent.group(2);
            for (Station s : List.of(one, two)) {
                s.awaitOut(Pattern.compile("group hall session " + groupSession + ": START scheduled at "
                        + Pattern.quote(started) + " \\(\\+\\d+ ms from now\\)"));
                assertThat(due(s, groupSession, "START", started)).startsWith("playing at ");
                System.out.println(s.outFile().getParent().getFileName() + ": " + s.awaitOut(Pattern.compile(
                        "(START " + Pattern.quote(started) + ": first audio .*)")));
            }

            String paused = at(control("pause"), "PAUSE");
            String seeked = at(control("seek", "00:30:00"), "SEEK_TIME");
            String sped = at(control("speed", "2"), "SPEED");
            for (Station s : List.of(one, two)) {
                assertThat(due(s, groupSession, "PAUSE", paused)).startsWith("paused at ");
                // Paused at the target, or up to one pause fade past it: GroupPlayback starts a pause's fade 220
                // frames before its instant (player-agent/SYNC.md), which at 441x is 2.2 s of data, and a seek that
                // lands while that fade still runs plays it out from the target.
                assertThat(due(s, groupSession, "SEEK_TIME", seeked)).matches("paused at 00:30:0[0-2]\\.\\d{3}.*");
                assertThat(due(s, groupSession, "SPEED", sped)).matches("paused at 00:30:0[0-2]\\.\\d{3}.*")
                        .endsWith(", speed 2.00");
            }

            try (Station late = member("hall-3")) {
                late.awaitOut(Pattern.compile("group hall: joining group session " + groupSession + " late \\(3"
                        + " controls after its PLAY"));
                // Replayed at once: the check may come before its first block, so only the speed is asserted here.
                assertThat(due(late, groupSession, "SPEED", sped)).endsWith(", speed 2.00");
                List<String> status = awaitStatus(3, "position 00:30:0[0-2]\\.\\d{3} paused");
                assertThat(status).hasSize(3);
                for (int i = 0; i < 3; i++) {
                    assertThat(status.get(i)).startsWith("hall-" + (i + 1) + "  session ")
                            .containsPattern("position 00:30:0[0-2]\\.\\d{3} paused").contains("  offset +0.000 ms ± 0.000 ms",
                                    "  playout error ", "  correction ", "  resyncs 0", "  age ");
                }

                // RESUME is checked on every member before STOP is sent: a STOP 40 ms after it would pause in the
                // same follower step of an output without a device, and no member could be seen playing between.
                String resumed = at(control("resume"), "RESUME");
                List<Station> all = List.of(one, two, late);
                for (Station s : all) {
                    assertThat(due(s, groupSession, "RESUME", resumed)).startsWith("playing at 00:3");
                }
                String stopped = at(control("stop"), "STOP");
                for (Station s : all) {
                    assertThat(due(s, groupSession, "STOP", stopped)).startsWith("paused at 00:3");
                    s.awaitOut(Pattern.compile("session \\S+: stopped, "));
                }
            }
        }
    }

    /** Exit 1 of control --group: the broker answers, the time service does not, and nothing is sent. */
    @Test
    void aGroupControlWithoutFleetTimeExitsOneSayingWhy() throws Exception {
        int port;
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            port = silent.getLocalPort(); // closed again: nothing answers there
        }
        StationRun run = StationRun.of("control", "--bootstrap", broker.getBrokersAsString(), "--group=hall",
                "--time-service", "127.0.0.1:" + port, "--api-timeout", "2s", "pause");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("player-agent: no fleet time from udp://127.0.0.1:" + port + " within 2 s"
                + " (--api-timeout): nothing sent");
    }

    /** --at in the past of fleet time: exit 2 saying how far, nothing sent (the broker answered). */
    @Test
    void aGroupControlAtAPastInstantExitsTwoSayingHowFar() {
        StationRun run = StationRun.of("control", "--bootstrap", broker.getBrokersAsString(), "--group=hall",
                "--at", "2026-01-01T00:00:00Z", "pause");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).containsPattern("player-agent: --at 2026-01-01T00:00:00Z is \\d+ ms in the past of"
                + " fleet time \\(the station's wall clock\\): nothing sent");
        assertThat(run.out()).doesNotContain("sent PAUSE");
    }

    static Station member(String name) throws Exception {
        Station s = Station.start(dir.resolve(name), "daemon", "--station", name, "--group", "hall", "--bootstrap",
                broker.getBrokersAsString(), "--output", "null:realtime", "--status-timeout", "60s",
                "--first-audio-timeout", "60s", "--announce-every", "500ms");
        s.awaitOut(Pattern.compile("station " + name + ": listening on .*, member of group hall"));
        return s;
    }

    static StationRun control(String... words) {
        String[] args = new String[words.length + 4];
        args[0] = "control";
        args[1] = "--bootstrap";
        args[2] = broker.getBrokersAsString();
        args[3] = "--group=hall";
        System.arraycopy(words, 0, args, 4, words.length);
        StationRun run = StationRun.of(args);
        assertThat(run.exitCode()).as(run.err()).isZero();
        // What the command printed (not the Kafka client's log, which goes to the same stdout in this JVM).
        System.out.println("$ bin/player-agent control --group hall " + String.join(" ", words) + "\n" + run.out().lines().filter(l -> l.startsWith("player-agent: ") || l.startsWith("hall-"))
                        .collect(java.util.stream.Collectors.joining("\n")));
        return run;
    }

    static Matcher sent(StationRun run, String kind) {
        Matcher m = SENT.matcher(run.out());
        assertThat(m.find()).as(run.out()).isTrue();
        assertThat(m.group(1)).isEqualTo(kind);
        return m;
    }

    /** The fleet instant a control was sent for (its lead the default 250 ms). */
    static String at(StationRun run, String kind) {
        Matcher m = sent(run, kind);
        assertThat(m.group(4)).isEqualTo("250");
        return m.group(2);
    }

    /** What member {@code s} saw on its engine just after {@code kind}'s instant {@code at}. */
    static String due(Station s, String groupSession, String kind, String at) throws Exception {
        String line = s.awaitOut(Pattern.compile("group hall session " + groupSession + ": (" + kind + " due "
                + Pattern.quote(at) + ": .*)"));
        System.out.println(s.outFile().getParent().getFileName() + ": " + line);
        Matcher m = Pattern.compile(": (.*) \\(checked ([+-][\\d.]+) ms after it\\)$").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        assertThat(Double.parseDouble(m.group(2))).as("checked after the instant, not before").isPositive();
        return m.group(1);
    }

    static void awaitMembers(int n) throws Exception {
        awaitStatus(n, "");
    }

    /** {@code control --group hall status} until it lists {@code n} members whose lines all contain {@code text}. */
    /** Until {@code status} prints {@code n} member lines, each containing a match of {@code regex}. */
    static List<String> awaitStatus(int n, String regex) throws Exception {
        Pattern wanted = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            StationRun status = control("status");
            // Only the status lines: the Kafka client's own log also goes to stdout in this JVM.
            List<String> lines = status.out().lines().filter(l -> l.startsWith("hall-")).toList();
            if (lines.size() == n && lines.stream().allMatch(l -> wanted.matcher(l).find())) {
                return lines;
            }
            assertThat(System.nanoTime()).as("status not there yet:\n" + status.out()).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex + " in\n" + text).isTrue();
        return m.group(1);
    }
}
