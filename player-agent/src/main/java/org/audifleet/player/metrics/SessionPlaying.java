package org.audifleet.player.metrics;

import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.audifleet.player.engine.PlaybackEngine;
import org.audifleet.player.engine.PlaybackStats;
import org.audifleet.player.session.SessionReport;
import org.audifleet.player.session.StationSession;
import org.audifleet.wire.Topics;

/** A {@link StationSession} as {@link StationMetrics} reads it. */
final class SessionPlaying implements Playing {

    /** The consumer's per-partition lag, as kafka-clients names it in its fetch manager's metrics. */
    static final String RECORDS_LAG = "records-lag";
    static final String FETCH_GROUP = "consumer-fetch-manager-metrics";
    /** The topic as the tag may spell it: some client versions replace its dots with underscores. */
    private static final java.util.Set<String> AUDIO_TOPIC_TAGS =
            java.util.Set.of(Topics.AUDIO_PCM, Topics.AUDIO_PCM.replace('.', '_'));

    private final StationSession session;
    private final PlaybackEngine engine;

    SessionPlaying(StationSession session) {
        this.session = session;
        this.engine = session.engine();
    }

    @Override
    public String session() {
        return session.request().sessionId().toString();
    }

    @Override
    public String stream() {
        return session.request().stream().toString();
    }

    @Override
    public PlaybackStats stats() {
        return engine.stats();
    }

    @Override
    public long deviceDropouts() {
        return engine.output().deviceDropouts();
    }

    @Override
    public double dropoutMillis() {
        return engine.output().dropoutMillis();
    }

    @Override
    public double positionSeconds() {
        return session.clock().secondsOf(engine.stats().sourcePosition());
    }

    @Override
    public double aheadSeconds() {
        long ahead = Math.max(0, engine.buffer().available() - engine.stats().sourcePosition());
        return ahead / (session.clock().sourceRate() * session.clock().baseSpeed() * engine.speed());
    }

    @Override
    public OptionalLong requestSentNanos() {
        SessionReport report = session.report();
        return report == null ? OptionalLong.empty() : OptionalLong.of(report.requestSentNanos());
    }

    @Override
    public double kafkaLag() {
        return lagOf(session.consumerMetrics());
    }

    /** The audio partition's records-lag among a consumer's metrics; 0 before its first fetch and after it closed. */
    static double lagOf(Map<MetricName, ? extends Metric> metrics) {
        double lag = 0;
        for (Map.Entry<MetricName, ? extends Metric> m : metrics.entrySet()) {
            MetricName name = m.getKey();
            if (RECORDS_LAG.equals(name.name()) && FETCH_GROUP.equals(name.group())
                    && AUDIO_TOPIC_TAGS.contains(name.tags().get("topic")) && name.tags().containsKey("partition")
                    && m.getValue().metricValue() instanceof Number n && Double.isFinite(n.doubleValue())) {
                lag = Math.max(lag, n.doubleValue());
            }
        }
        return lag;
    }

    boolean isOf(StationSession s) {
        return session == s;
    }

    @Override
    public boolean stopped() {
        return session.stopped();
    }
}
