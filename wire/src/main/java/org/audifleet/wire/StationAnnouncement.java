package org.audifleet.wire;

import java.util.Objects;
import java.util.UUID;

/**
 * What a station running {@code player-agent daemon} says about itself, at start and every few seconds, on the
 * compacted {@link Topics#STATIONS} topic keyed by station name: the newest record of each station is what a console
 * shows. Positions are data time from the session window's start, as {@link PlaybackControl.Position} takes them.
 *
 * @param group the station's group, or "" for none
 * @param announcedAtMicros the station's wall clock, epoch µs; a console counts a station gone when this is old
 * @param playing the session it plays, or null when idle
 * @param sync how the station follows its group's timeline, or null for a station in no group (and version 1)
 */
public record StationAnnouncement(String station, String group, long announcedAtMicros, Playing playing, Sync sync) {

    static final String MAGIC = "AFSA";
    /** Version 2 added {@link Sync}; version 1 stays readable. */
    static final int VERSION = 2;
    static final int OLDEST_VERSION = 1;

    public StationAnnouncement {
        Objects.requireNonNull(station, "station");
        Objects.requireNonNull(group, "group");
        if (station.isEmpty()) {
            throw new IllegalArgumentException("an announcement names its station");
        }
    }

    /** A station in no group, as version 1 said it. */
    public StationAnnouncement(String station, String group, long announcedAtMicros, Playing playing) {
        this(station, group, announcedAtMicros, playing, null);
    }

    /**
     * A group member's sync figures (the station's {@code sync/SyncStatus}) and the group session it follows.
     *
     * @param groupSession the group session's id (the one {@code control --group} sent), or the nil UUID when the
     *     member follows none
     * @param offsetNanos fleet minus station clock, ns
     * @param uncertaintyNanos the offset's uncertainty, ns; {@link Long#MAX_VALUE} while unknown
     * @param playoutErrorNanos where the station's output is minus where the group's timeline is, ns (positive: ahead)
     * @param correctionPpm the rate correction steering the output now
     * @param resyncs hard resyncs so far
     * @param deviceLatencyNanos frames handed to the output but not yet heard, as time, ns
     */
    public record Sync(UUID groupSession, long offsetNanos, long uncertaintyNanos, long playoutErrorNanos,
            double correctionPpm, int resyncs, long deviceLatencyNanos) {

        /** The nil UUID: a member following no group session. */
        public static final UUID NO_SESSION = new UUID(0L, 0L);

        public Sync {
            Objects.requireNonNull(groupSession, "groupSession");
            if (uncertaintyNanos < 0 || resyncs < 0 || deviceLatencyNanos < 0) {
                throw new IllegalArgumentException("uncertainty " + uncertaintyNanos + " ns, resyncs " + resyncs
                        + " and device latency " + deviceLatencyNanos + " ns must not be negative");
            }
        }

        static final int SIZE = 16 + 8 + 8 + 8 + 8 + 4 + 8;
    }

    /**
     * A session as the station plays it.
     *
     * @param positionMicros data time of the playhead from the window's start
     * @param loopFromMicros start of the loop in force (data time from the window's start), or -1 for none
     * @param loopToMicros its end, or -1
     * @param speed the speed multiplier on the session's base speed
     * @param highPassHz the sound's high-pass corner, 0 for off
     */
    public record Playing(UUID sessionId, String origin, StreamId stream, long startMicros, long endMicros,
            long positionMicros, long loopFromMicros, long loopToMicros, double speed, double volume,
            boolean paused, double highPassHz, PlaybackControl.DcMode dc, boolean normalize) {
        public Playing {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(stream, "stream");
            Objects.requireNonNull(dc, "dc");
            if (endMicros <= startMicros) {
                throw new IllegalArgumentException("window end " + endMicros + " is not after start " + startMicros);
            }
            if ((loopFromMicros < 0) != (loopToMicros < 0)) {
                throw new IllegalArgumentException("a loop has both ends or none");
            }
            if (loopFromMicros >= 0 && loopToMicros <= loopFromMicros) {
                throw new IllegalArgumentException("loop [" + loopFromMicros + ", " + loopToMicros + ") µs is empty");
            }
        }

        public boolean looping() {
            return loopFromMicros >= 0;
        }
    }

    public byte[] encode() {
        int size = 5 + WireWriter.stringSize(station) + WireWriter.stringSize(group) + 8 + 1;
        if (playing != null) {
            size += 16 + WireWriter.stringSize(playing.origin()) + WireWriter.stringSize(playing.stream().toString())
                    + 5 * 8 + 8 + 8 + 1 + 8 + 1 + 1;
        }
        size += 1 + (sync == null ? 0 : Sync.SIZE);
        WireWriter w = new WireWriter(size, MAGIC, VERSION).string(station).string(group).i64(announcedAtMicros)
                .u8(playing == null ? 0 : 1);
        if (playing != null) {
            Playing p = playing;
            w.uuid(p.sessionId()).string(p.origin()).string(p.stream().toString()).i64(p.startMicros())
                    .i64(p.endMicros()).i64(p.positionMicros()).i64(p.loopFromMicros()).i64(p.loopToMicros())
                    .f64(p.speed()).f64(p.volume()).u8(p.paused() ? 1 : 0).f64(p.highPassHz()).u8(p.dc().ordinal())
                    .u8(p.normalize() ? 1 : 0);
        }
        w.u8(sync == null ? 0 : 1);
        if (sync != null) {
            w.uuid(sync.groupSession()).i64(sync.offsetNanos()).i64(sync.uncertaintyNanos())
                    .i64(sync.playoutErrorNanos()).f64(sync.correctionPpm()).i32(sync.resyncs())
                    .i64(sync.deviceLatencyNanos());
        }
        return w.toBytes();
    }

    public static StationAnnouncement decode(byte[] bytes) {
        WireReader r = new WireReader(bytes, "StationAnnouncement", MAGIC, OLDEST_VERSION, VERSION);
        String station = r.string();
        String group = r.string();
        long announcedAt = r.i64();
        int flag = r.u8();
        try {
            Playing playing = null;
            if (flag == 1) {
                UUID session = r.uuid();
                String origin = r.string();
                StreamId stream = StreamId.parse(r.string());
                long start = r.i64();
                long end = r.i64();
                long position = r.i64();
                long loopFrom = r.i64();
                long loopTo = r.i64();
                double speed = r.f64();
                double volume = r.f64();
                boolean paused = flag(r.u8(), "paused");
                double highPass = r.f64();
                PlaybackControl.DcMode dc = dcMode(r.u8());
                boolean normalize = flag(r.u8(), "normalize");
                playing = new Playing(session, origin, stream, start, end, position, loopFrom, loopTo, speed, volume,
                        paused, highPass, dc, normalize);
            } else if (flag != 0) {
                throw new IllegalArgumentException("playing flag must be 0 or 1, got " + flag);
            }
            Sync sync = null;
            if (r.version() >= 2) {
                int synced = r.u8();
                if (synced == 1) {
                    sync = new Sync(r.uuid(), r.i64(), r.i64(), r.i64(), r.f64(), r.i32(), r.i64());
                } else if (synced != 0) {
                    throw new IllegalArgumentException("sync flag must be 0 or 1, got " + synced);
                }
            }
            r.end();
            return new StationAnnouncement(station, group, announcedAt, playing, sync);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("StationAnnouncement: " + e.getMessage());
        }
    }

    private static boolean flag(int code, String what) {
        if (code > 1) {
            throw new IllegalArgumentException(what + " flag must be 0 or 1, got " + code);
        }
        return code == 1;
    }

    private static PlaybackControl.DcMode dcMode(int code) {
        PlaybackControl.DcMode[] modes = PlaybackControl.DcMode.values();
        if (code >= modes.length) {
            throw new IllegalArgumentException("unknown DC mode " + code);
        }
        return modes[code];
    }
}
