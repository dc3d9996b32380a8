package org.audifleet.player.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.audifleet.player.PlayerAgent;
import org.audifleet.player.engine.PlaybackStats;
import org.audifleet.player.session.ExitCodes;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StationMetricsTests {

    /** Every station metric family, as docs/metrics.md lists them. */
    static final Set<String> FAMILIES = Set.of("audifleet_station_first_audio_seconds",
            "audifleet_station_first_audio_seconds_max", "audifleet_station_command_to_sound_seconds",
            "audifleet_station_command_to_sound_seconds_max", "audifleet_station_frames_rendered_total",
            "audifleet_station_buffer_underruns_total", "audifleet_station_device_dropouts_total",
            "audifleet_station_device_dropout_milliseconds_total", "audifleet_station_sessions_total",
            "audifleet_station_buffer_ahead_seconds", "audifleet_station_position_seconds",
            "audifleet_station_kafka_lag_records", "audifleet_station_now_playing");

    @Test
    void aScrapeBeforeAnySessionShowsEveryMetricWithItsHelpAtZero() {
        String text = new StationMetrics("lab-1", StationMetrics.Trigger.CONTROL).scrape();

        assertThat(families(text, "HELP")).containsExactlyInAnyOrderElementsOf(FAMILIES);
        assertThat(families(text, "TYPE")).containsExactlyInAnyOrderElementsOf(FAMILIES);
        for (String line : text.lines().filter(l -> l.startsWith("# HELP ")).toList()) {
            assertThat(line.split(" ", 4)[3]).as(line).hasSizeGreaterThan(20);
        }
        assertThat(value(text, "audifleet_station_frames_rendered_total{station=\"lab-1\"}")).isZero();
        assertThat(value(text, "audifleet_station_first_audio_seconds_count{station=\"lab-1\"}")).isZero();
        assertThat(value(text, "audifleet_station_command_to_sound_seconds_count{command=\"control\",station=\"lab-1\"}"))
                .isZero();
        assertThat(value(text, "audifleet_station_now_playing{session=\"\",station=\"lab-1\",stream=\"\"}")).isZero();
        assertThat(value(text, "audifleet_station_kafka_lag_records{station=\"lab-1\"}")).isZero();
        for (String outcome : StationMetrics.OUTCOMES) {
            assertThat(value(text, "audifleet_station_sessions_total{outcome=\"" + outcome + "\",station=\"lab-1\"}"))
                    .isZero();
        }
        assertThat(text).contains("audifleet_station_first_audio_seconds_bucket{station=\"lab-1\",le=\"0.1\"} 0");
    }

    @Test
    void valuesFollowPlaybackStatsAcrossSessions() {
        StationMetrics metrics = new StationMetrics("lab-1", StationMetrics.Trigger.PLAY);
        FakePlaying one = new FakePlaying("s-1", "XX.DEMO..HHZ");
        metrics.sessionStarted(one, 1_000_000_000L);
        String playing = metrics.scrape();
        assertThat(value(playing, "audifleet_station_now_playing{session=\"s-1\",station=\"lab-1\",stream=\"XX.DEMO..HHZ\"}"))
                .isEqualTo(1);
        assertThat(playing).doesNotContain("session=\"\"");
        assertThat(value(playing, "audifleet_station_first_audio_seconds_count{station=\"lab-1\"}")).isZero();

        one.frames = 44_100;
        one.underruns = 2;
        one.dropouts = 1;
        one.dropoutMillis = 12.5;
        one.position = 441;
        one.ahead = 0.75;
        one.lag = 3;
        one.firstAudio = OptionalLong.of(1_800_000_000L); // 0.8 s after the command
        String audible = metrics.scrape();
        assertThat(value(audible, "audifleet_station_frames_rendered_total{station=\"lab-1\"}")).isEqualTo(44_100);
        assertThat(value(audible, "audifleet_station_buffer_underruns_total{station=\"lab-1\"}")).isEqualTo(2);
        assertThat(value(audible, "audifleet_station_device_dropouts_total{station=\"lab-1\"}")).isEqualTo(1);
        assertThat(value(audible, "audifleet_station_device_dropout_milliseconds_total{station=\"lab-1\"}"))
                .isEqualTo(12.5);
        assertThat(value(audible, "audifleet_station_position_seconds{station=\"lab-1\"}")).isEqualTo(441);
        assertThat(value(audible, "audifleet_station_buffer_ahead_seconds{station=\"lab-1\"}")).isEqualTo(0.75);
        assertThat(value(audible, "audifleet_station_kafka_lag_records{station=\"lab-1\"}")).isEqualTo(3);
        assertThat(value(audible, "audifleet_station_command_to_sound_seconds_sum{command=\"play\",station=\"lab-1\"}"))
                .isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
        // Time to first audio needs the request's send time, which the session knows once its blocks are in.
        assertThat(value(audible, "audifleet_station_first_audio_seconds_count{station=\"lab-1\"}")).isZero();

        one.requestSent = OptionalLong.of(1_750_000_000L);
        one.frames = 88_200;
        metrics.sessionEnded(one, ExitCodes.OK, false);
        String idle = metrics.scrape();
        assertThat(value(idle, "audifleet_station_first_audio_seconds_count{station=\"lab-1\"}")).isEqualTo(1);
        assertThat(value(idle, "audifleet_station_first_audio_seconds_sum{station=\"lab-1\"}"))
                .isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(idle).contains("audifleet_station_first_audio_seconds_bucket{station=\"lab-1\",le=\"0.05\"} 1");
        assertThat(value(idle, "audifleet_station_frames_rendered_total{station=\"lab-1\"}")).isEqualTo(88_200);
        assertThat(value(idle, "audifleet_station_sessions_total{outcome=\"played\",station=\"lab-1\"}")).isEqualTo(1);
        assertThat(value(idle, "audifleet_station_now_playing{session=\"\",station=\"lab-1\",stream=\"\"}")).isZero();
        assertThat(idle).doesNotContain("s-1");
        assertThat(value(idle, "audifleet_station_position_seconds{station=\"lab-1\"}")).isZero();
        assertThat(value(idle, "audifleet_station_kafka_lag_records{station=\"lab-1\"}")).isZero();

        // A second session's engine counts from 0 again; the station's counters keep adding.
        FakePlaying two = new FakePlaying("s-2", "IU.ANMO.00.BHZ");
        metrics.sessionStarted(two, 0);
        two.frames = 1000;
        two.underruns = 1;
        metrics.sessionEnded(two, ExitCodes.OK, true);
        metrics.sessionEnded(null, ExitCodes.NO_AUDIO, false);
        String after = metrics.scrape();
        assertThat(value(after, "audifleet_station_frames_rendered_total{station=\"lab-1\"}")).isEqualTo(89_200);
        assertThat(value(after, "audifleet_station_buffer_underruns_total{station=\"lab-1\"}")).isEqualTo(3);
        assertThat(value(after, "audifleet_station_sessions_total{outcome=\"stopped\",station=\"lab-1\"}")).isEqualTo(1);
        assertThat(value(after, "audifleet_station_sessions_total{outcome=\"no-audio\",station=\"lab-1\"}")).isEqualTo(1);
    }

    @Test
    void everyExitCodeHasAnOutcome() {
        assertThat(StationMetrics.outcome(ExitCodes.OK, false)).isEqualTo("played");
        assertThat(StationMetrics.outcome(ExitCodes.OK, true)).isEqualTo("stopped");
        assertThat(StationMetrics.outcome(ExitCodes.BROKER_UNREACHABLE, false)).isEqualTo("broker-unreachable");
        assertThat(StationMetrics.outcome(ExitCodes.BROKER_REFUSED, false)).isEqualTo("broker-refused");
        assertThat(StationMetrics.outcome(ExitCodes.FLEET_NOT_READY, false)).isEqualTo("fleet-not-ready");
        assertThat(StationMetrics.outcome(ExitCodes.OUTPUT_FAILED, false)).isEqualTo("output-failed");
        assertThat(StationMetrics.outcome(ExitCodes.INTERRUPTED, false)).isEqualTo("interrupted");
        assertThat(StationMetrics.outcome(ExitCodes.FAILED, false)).isEqualTo("failed");
        assertThat(StationMetrics.OUTCOMES).contains("played", "stopped", "no-audio", "fleet-not-ready",
                "broker-unreachable", "broker-refused", "output-failed", "interrupted", "failed");
    }

    @Test
    void aBadMetricsOptionIsOneUsageLine() {
        for (String[] bad : new String[][] {{"--metrics-port", "70000", "'70000' is not a port from 0 to 65535"},
            {"--metrics-port", "x", "'x' is not a port from 0 to 65535"},
            {"--metrics-bind", "localhost", "'localhost' is not an IP address"},
            {"--metrics-bind", "300.1.1.1", "'300.1.1.1' is not an IP address"}}) {
            for (String command : new String[] {"play", "daemon"}) {
                StringWriter err = new StringWriter();
                CommandLine cli = PlayerAgent.commandLine();
                cli.setOut(new PrintWriter(new StringWriter()));
                cli.setErr(new PrintWriter(err, true));
                String[] args = command.equals("play")
                        ? new String[] {"play", "--origin", "demo", "--stream", "XX.DEMO..HHZ", "--start",
                            "2024-01-01T00:00:00Z", "--bootstrap", "127.0.0.1:1", bad[0], bad[1]}
                        : new String[] {"daemon", "--station", "lab-1", "--bootstrap", "127.0.0.1:1", bad[0], bad[1]};
                assertThat(cli.execute(args)).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
                assertThat(err.toString().lines()).singleElement().asString()
                        .contains("Invalid value for option '" + bad[0] + "'", bad[2]);
            }
        }
    }

    @Test
    void theAudioPartitionsLagIsReadFromTheConsumersMetricsAndNeverNaN() {
        Map<org.apache.kafka.common.MetricName, org.apache.kafka.common.Metric> m = new LinkedHashMap<>();
        assertThat(SessionPlaying.lagOf(m)).isZero();
        m.put(name("records-lag", Map.of("topic", "audio.pcm", "partition", "3")), metric(Double.NaN));
        assertThat(SessionPlaying.lagOf(m)).isZero();
        m.put(name("records-lag-max", Map.of("topic", "audio.pcm", "partition", "3")), metric(99.0));
        m.put(name("records-lag", Map.of("topic", "playback.status", "partition", "3")), metric(50.0));
        m.put(name("records-lag", Map.of("topic", "audio.pcm", "partition", "2")), metric(7.0));
        assertThat(SessionPlaying.lagOf(m)).isEqualTo(7);
    }

    private static org.apache.kafka.common.MetricName name(String name, Map<String, String> tags) {
        return new org.apache.kafka.common.MetricName(name, SessionPlaying.FETCH_GROUP, "", tags);
    }

    private static org.apache.kafka.common.Metric metric(double value) {
        return new org.apache.kafka.common.Metric() {
            @Override
            public org.apache.kafka.common.MetricName metricName() {
                return null;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        };
    }

    @Test
    void followingSyncExportsEachFigureOfTheSupplierAtTheScrapeWithItsHelp() {
        StationMetrics metrics = new StationMetrics("lab-1", StationMetrics.Trigger.CONTROL);
        java.util.concurrent.atomic.AtomicReference<org.audifleet.player.sync.SyncStatus> status =
                new java.util.concurrent.atomic.AtomicReference<>(org.audifleet.player.sync.SyncStatus.NONE);
        metrics.followSync(status::get);
        String before = metrics.scrape();
        assertThat(families(before, "HELP")).containsAll(SYNC_FAMILIES);
        assertThat(before).as("unknown before the first exchange")
                .contains("audifleet_station_clock_uncertainty_seconds{station=\"lab-1\"} +Inf");
        assertThat(value(before, "audifleet_station_clock_offset_seconds{station=\"lab-1\"}")).isZero();

        status.set(new org.audifleet.player.sync.SyncStatus(-137_000_000L, 25_000L, 50.0, 300_000L, -12.5, 2,
                40_000_000L));
        String after = metrics.scrape();
        assertThat(value(after, "audifleet_station_clock_offset_seconds{station=\"lab-1\"}")).isEqualTo(-0.137);
        assertThat(value(after, "audifleet_station_clock_uncertainty_seconds{station=\"lab-1\"}")).isEqualTo(25e-6);
        assertThat(value(after, "audifleet_station_clock_drift_ppm{station=\"lab-1\"}")).isEqualTo(50.0);
        assertThat(value(after, "audifleet_station_playout_error_seconds{station=\"lab-1\"}")).isEqualTo(3e-4);
        assertThat(value(after, "audifleet_station_rate_correction_ppm{station=\"lab-1\"}")).isEqualTo(-12.5);
        assertThat(value(after, "audifleet_station_resyncs_total{station=\"lab-1\"}")).isEqualTo(2);
        assertThat(value(after, "audifleet_station_device_latency_seconds{station=\"lab-1\"}")).isEqualTo(0.04);

        metrics.followSync(() -> null); // a second call replaces the supplier; null reads as no sync yet
        assertThat(value(metrics.scrape(), "audifleet_station_resyncs_total{station=\"lab-1\"}")).isZero();
    }

    /** The group-sync families {@link StationMetrics#followSync} adds, as docs/metrics.md lists them. */
    static final Set<String> SYNC_FAMILIES = Set.of("audifleet_station_clock_offset_seconds",
            "audifleet_station_clock_uncertainty_seconds", "audifleet_station_clock_drift_ppm",
            "audifleet_station_playout_error_seconds", "audifleet_station_rate_correction_ppm",
            "audifleet_station_resyncs_total", "audifleet_station_device_latency_seconds");

    private static Set<String> families(String text, String kind) {
        Set<String> names = new LinkedHashSet<>();
        text.lines().filter(l -> l.startsWith("# " + kind + " ")).forEach(l -> names.add(l.split(" ")[2]));
        return names;
    }

    /** The value of one sample line, by its name and labels as the registry writes them. */
    static double value(String text, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
        assertThat(m.find()).as(series + " in\n" + text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** A session whose figures the test sets. */
    static final class FakePlaying implements Playing, PlaybackStats {
        final String session;
        final String stream;
        volatile long frames;
        volatile long underruns;
        volatile long dropouts;
        volatile double dropoutMillis;
        volatile double position;
        volatile double ahead;
        volatile double lag;
        volatile OptionalLong firstAudio = OptionalLong.empty();
        volatile OptionalLong requestSent = OptionalLong.empty();

        FakePlaying(String session, String stream) {
            this.session = session;
            this.stream = stream;
        }

        @Override public String session() { return session; }
        @Override public String stream() { return stream; }
        @Override public PlaybackStats stats() { return this; }
        @Override public long deviceDropouts() { return dropouts; }
        @Override public double dropoutMillis() { return dropoutMillis; }
        @Override public double positionSeconds() { return position; }
        @Override public double aheadSeconds() { return ahead; }
        @Override public OptionalLong requestSentNanos() { return requestSent; }
        @Override public double kafkaLag() { return lag; }
        @Override public boolean stopped() { return false; }
        @Override public long framesRendered() { return frames; }
        @Override public long sourcePosition() { return 0; }
        @Override public long underruns() { return underruns; }
        @Override public OptionalLong firstAudioNanos() { return firstAudio; }
    }
}
