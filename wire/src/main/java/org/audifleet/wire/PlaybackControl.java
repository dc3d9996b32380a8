package org.audifleet.wire;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * An instruction to a listening station running {@code player-agent daemon}: start a session, or steer the one it
 * plays; or, with a {@code group}, the same for every member of a group at one fleet instant. Published on
 * {@link Topics#PLAYBACK_CONTROLS}, keyed by {@link #key()}.
 *
 * @param sessionId for {@link Play} the new session's id (the sender picks it, as a station does for a request);
 *     for the others the session it applies to, or {@link #ANY_SESSION} for whatever the station is playing; for a
 *     group control the group session's id
 * @param station the station's name, or "" for any station playing {@code sessionId} (always "" for a group control)
 * @param issuedAtMicros sender's wall clock, epoch µs (for tracing)
 * @param group the group the control is for, or "" for a station's own control
 * @param atNanos the fleet instant a group control applies at, epoch ns of fleet time; 0 = on arrival (every
 *     station control)
 */
public record PlaybackControl(UUID sessionId, String station, long issuedAtMicros, Command command, String group,
        long atNanos) {

    static final String MAGIC = "AFPC";
    /** Version 2 added {@code group}, {@code at} and a group PLAY's member streams; version 1 stays readable. */
    static final int VERSION = 2;
    static final int OLDEST_VERSION = 1;

    /** The prefix of a group control's record key: {@code group:NAME}, never a station's name. */
    public static final String GROUP_KEY_PREFIX = "group:";

    /** The nil UUID: "the session the station is playing now". */
    public static final UUID ANY_SESSION = new UUID(0L, 0L);

    public PlaybackControl {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(station, "station");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(group, "group");
        if (!group.isEmpty()) {
            groupControl(station, command);
        } else if (atNanos != 0) {
            throw new IllegalArgumentException("only a group control is scheduled at a fleet instant (at "
                    + atNanos + ")");
        } else if (command instanceof Play p && !p.members().isEmpty()) {
            throw new IllegalArgumentException("member streams are for a group PLAY");
        }
        if (atNanos < 0) {
            throw new IllegalArgumentException("at " + atNanos + " ns is before the epoch");
        }
        checkStationName(station);
        if (station.isEmpty() && group.isEmpty() && sessionId.equals(ANY_SESSION)) {
            throw new IllegalArgumentException("a control names a station, a session, or both");
        }
        if (command instanceof Play && station.isEmpty() && group.isEmpty()) {
            throw new IllegalArgumentException("PLAY names the station that is to play");
        }
        if (command instanceof Play && sessionId.equals(ANY_SESSION)) {
            throw new IllegalArgumentException("PLAY carries the new session's id");
        }
    }

    /**
     * Refuses a station name no control could address: a station's control is keyed by its name, and
     * "{@value #GROUP_KEY_PREFIX}..." would land on a group's partition as that group's control. Used by the
     * constructor and by a daemon checking its own {@code --station}.
     *
     * @throws IllegalArgumentException saying why
     */
    public static void checkStationName(String station) {
        if (station.startsWith(GROUP_KEY_PREFIX)) {
            throw new IllegalArgumentException("station '" + station + "' starts with '" + GROUP_KEY_PREFIX
                    + "', which keys the groups' controls");
        }
    }

    /** A station's own control, applied on arrival (what version 1 carried). */
    public PlaybackControl(UUID sessionId, String station, long issuedAtMicros, Command command) {
        this(sessionId, station, issuedAtMicros, command, "", 0L);
    }

    /** A control for every member of {@code group}, at fleet instant {@code atNanos}. */
    public static PlaybackControl forGroup(String group, UUID groupSession, long issuedAtMicros, long atNanos,
            Command command) {
        if (group.isEmpty()) {
            throw new IllegalArgumentException("a group control names its group");
        }
        return new PlaybackControl(groupSession, "", issuedAtMicros, command, group, atNanos);
    }

    /** Whether this control is for a group's members rather than one station. */
    public boolean isGroup() {
        return !group.isEmpty();
    }

    /**
     * The record key: {@code group:NAME} for a group control (so a group's controls stay in order on one partition),
     * else the station when there is one (so one station's controls stay in order), else the session.
     */
    public String key() {
        return isGroup() ? groupKey(group) : station.isEmpty() ? sessionId.toString() : station;
    }

    /** The record key of {@code group}'s controls, for finding its partition. */
    public static String groupKey(String group) {
        return GROUP_KEY_PREFIX + group;
    }

    /**
     * What a group takes: no station, the commands {@code GroupControl} has (and STOP), positions from the window's
     * start (a relative one would mean a different sample on each member).
     */
    private static void groupControl(String station, Command command) {
        if (!station.isEmpty()) {
            throw new IllegalArgumentException("a group control names no station (it names group members by"
                    + " their streams)");
        }
        switch (command.kind()) {
            case PLAY, CLEAR_LOOP, SPEED, VOLUME, PAUSE, RESUME, STOP, SEEK, LOOP -> {
            }
            case SEEK_TIME -> absolute(((SeekTime) command).to());
            case LOOP_TIME -> {
                absolute(((LoopTime) command).from());
                absolute(((LoopTime) command).to());
            }
            case HIGH_PASS, DC, NORMALIZE -> throw new IllegalArgumentException(command.kind()
                    + " is a station's own sound setting, not a group control");
        }
    }

    private static void absolute(Position p) {
        if (p.relative()) {
            throw new IllegalArgumentException("a group control's position is from the window's start, not relative");
        }
    }

    /** Wire codes of the commands, in field-table order. */
    public enum Kind {
        PLAY, SEEK, LOOP, CLEAR_LOOP, SPEED, VOLUME, PAUSE, RESUME, STOP, SEEK_TIME, LOOP_TIME, HIGH_PASS, DC,
        NORMALIZE
    }

    /** What to do; each kind carries only its own arguments. */
    public sealed interface Command permits Play, Seek, Loop, ClearLoop, Speed, Volume, Pause, Resume, Stop, SeekTime,
            LoopTime, HighPass, Dc, Normalize {
        Kind kind();
    }

    /**
     * Start a session: the window {@code [start, end)} of {@code stream} from {@code origin}, at {@code speed}x. For a
     * group, {@code members} give some stations a stream of their own; {@code stream} is every other member's (a late
     * joiner's too).
     */
    public record Play(String origin, StreamId stream, long startMicros, long endMicros, double speed,
            List<MemberStream> members) implements Command {
        public Play {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(stream, "stream");
            members = List.copyOf(members);
            Set<String> seen = new HashSet<>();
            for (MemberStream m : members) {
                if (!seen.add(m.station())) {
                    throw new IllegalArgumentException("station " + m.station() + " is given two streams");
                }
            }
            if (members.size() > 0xffff) {
                throw new IllegalArgumentException(members.size() + " member streams (at most 65535)");
            }
            if (endMicros <= startMicros) {
                throw new IllegalArgumentException("window end " + endMicros + " is not after start " + startMicros);
            }
            if (!(speed > 0) || Double.isInfinite(speed)) {
                throw new IllegalArgumentException("speed must be positive, got " + speed);
            }
        }

        /** A station's own PLAY, or a group's with one stream for every member. */
        public Play(String origin, StreamId stream, long startMicros, long endMicros, double speed) {
            this(origin, stream, startMicros, endMicros, speed, List.of());
        }

        /** The stream {@code station} plays: its own when listed, else the default. */
        public StreamId streamFor(String station) {
            for (MemberStream m : members) {
                if (m.station().equals(station)) {
                    return m.stream();
                }
            }
            return stream;
        }

        @Override
        public Kind kind() {
            return Kind.PLAY;
        }
    }

    /** One group member's own stream in a group PLAY. */
    public record MemberStream(String station, StreamId stream) {
        public MemberStream {
            Objects.requireNonNull(station, "station");
            Objects.requireNonNull(stream, "stream");
            if (station.isEmpty()) {
                throw new IllegalArgumentException("a member stream names its station");
            }
        }
    }

    /** Play from data-sample index {@code sample} (from the session start). */
    public record Seek(long sample) implements Command {
        public Seek {
            if (sample < 0) {
                throw new IllegalArgumentException("seek to negative sample " + sample);
            }
        }

        @Override
        public Kind kind() {
            return Kind.SEEK;
        }
    }

    /** Loop over data-sample indices {@code [from, to)}. */
    public record Loop(long from, long to) implements Command {
        public Loop {
            if (from < 0 || to <= from) {
                throw new IllegalArgumentException("loop [" + from + ", " + to + ") is empty or negative");
            }
        }

        @Override
        public Kind kind() {
            return Kind.LOOP;
        }
    }

    public record ClearLoop() implements Command {
        @Override
        public Kind kind() {
            return Kind.CLEAR_LOOP;
        }
    }

    /** Speed multiplier on the session's base speed (0.1–15 on a station). */
    public record Speed(double multiplier) implements Command {
        @Override
        public Kind kind() {
            return Kind.SPEED;
        }
    }

    /** Volume 0–2 (1 = unity). */
    public record Volume(double volume) implements Command {
        @Override
        public Kind kind() {
            return Kind.VOLUME;
        }
    }

    public record Pause() implements Command {
        @Override
        public Kind kind() {
            return Kind.PAUSE;
        }
    }

    public record Resume() implements Command {
        @Override
        public Kind kind() {
            return Kind.RESUME;
        }
    }

    /** Stop the session; the daemon keeps running and waits for the next PLAY. */
    public record Stop() implements Command {
        @Override
        public Kind kind() {
            return Kind.STOP;
        }
    }

    /**
     * A position in data time: {@code micros} from the session window's start, or, when {@code relative}, from where
     * the station plays now (then negative is back). The station turns it into samples at the stream's own rate.
     */
    public record Position(boolean relative, long micros) {
        public Position {
            if (!relative && micros < 0) {
                throw new IllegalArgumentException("position " + micros + " µs is before the window's start");
            }
        }
    }

    /** Play from {@code to} (data time). */
    public record SeekTime(Position to) implements Command {
        public SeekTime {
            Objects.requireNonNull(to, "to");
        }

        @Override
        public Kind kind() {
            return Kind.SEEK_TIME;
        }
    }

    /** Loop over {@code [from, to)} (data time; either end may be relative to the playing position). */
    public record LoopTime(Position from, Position to) implements Command {
        public LoopTime {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (from.relative() == to.relative() && to.micros() <= from.micros()) {
                throw new IllegalArgumentException("loop [" + from.micros() + ", " + to.micros() + ") µs is empty");
            }
        }

        @Override
        public Kind kind() {
            return Kind.LOOP_TIME;
        }
    }

    /** The sound's Butterworth high-pass at {@code cornerHz} of data frequency, or off at 0. */
    public record HighPass(double cornerHz) implements Command {
        public HighPass {
            if (!(cornerHz >= 0) || Double.isInfinite(cornerHz)) {
                throw new IllegalArgumentException("high-pass corner must be 0 (off) or a positive frequency, got "
                        + cornerHz);
            }
        }

        @Override
        public Kind kind() {
            return Kind.HIGH_PASS;
        }
    }

    /** The sound's DC removal: none, the running mean, or the running least-squares line. */
    public record Dc(DcMode mode) implements Command {
        public Dc {
            Objects.requireNonNull(mode, "mode");
        }

        @Override
        public Kind kind() {
            return Kind.DC;
        }
    }

    /** Wire codes of {@link Dc}'s modes. */
    public enum DcMode { OFF, MEAN, LINEAR }

    /** Normalize on: the session's peak plays near full scale; off: the digitizer's full scale does. */
    public record Normalize(boolean on) implements Command {
        @Override
        public Kind kind() {
            return Kind.NORMALIZE;
        }
    }

    public byte[] encode() {
        int size = 5 + 1 + 16 + WireWriter.stringSize(station) + 8 + WireWriter.stringSize(group) + 8
                + argumentsSize();
        WireWriter w = new WireWriter(size, MAGIC, VERSION).u8(command.kind().ordinal()).uuid(sessionId)
                .string(station).i64(issuedAtMicros).string(group).i64(atNanos);
        if (command instanceof Play p) {
            w.string(p.origin()).string(p.stream().toString()).i64(p.startMicros()).i64(p.endMicros()).f64(p.speed())
                    .u16(p.members().size());
            for (MemberStream m : p.members()) {
                w.string(m.station()).string(m.stream().toString());
            }
        } else if (command instanceof Seek s) {
            w.i64(s.sample());
        } else if (command instanceof Loop l) {
            w.i64(l.from()).i64(l.to());
        } else if (command instanceof Speed s) {
            w.f64(s.multiplier());
        } else if (command instanceof Volume v) {
            w.f64(v.volume());
        } else if (command instanceof SeekTime t) {
            position(w, t.to());
        } else if (command instanceof LoopTime l) {
            position(position(w, l.from()), l.to());
        } else if (command instanceof HighPass h) {
            w.f64(h.cornerHz());
        } else if (command instanceof Dc d) {
            w.u8(d.mode().ordinal());
        } else if (command instanceof Normalize n) {
            w.u8(n.on() ? 1 : 0);
        }
        return w.toBytes();
    }

    private int argumentsSize() {
        return switch (command.kind()) {
            case PLAY -> {
                Play p = (Play) command;
                int members = 2;
                for (MemberStream m : p.members()) {
                    members += WireWriter.stringSize(m.station()) + WireWriter.stringSize(m.stream().toString());
                }
                yield WireWriter.stringSize(p.origin()) + WireWriter.stringSize(p.stream().toString()) + 24 + members;
            }
            case SEEK, SPEED, VOLUME, HIGH_PASS -> 8;
            case LOOP -> 16;
            case SEEK_TIME -> 9;
            case LOOP_TIME -> 18;
            case DC, NORMALIZE -> 1;
            case CLEAR_LOOP, PAUSE, RESUME, STOP -> 0;
        };
    }

    public static PlaybackControl decode(byte[] bytes) {
        WireReader r = new WireReader(bytes, "PlaybackControl", MAGIC, OLDEST_VERSION, VERSION);
        int code = r.u8();
        Kind[] kinds = Kind.values();
        if (code >= kinds.length) {
            throw new WireFormatException("PlaybackControl: unknown command " + code);
        }
        UUID session = r.uuid();
        String station = r.string();
        long issuedAt = r.i64();
        boolean v2 = r.version() >= 2;
        String group = v2 ? r.string() : "";
        long at = v2 ? r.i64() : 0L;
        try {
            Command command = switch (kinds[code]) {
                case PLAY -> {
                    String origin = r.string();
                    StreamId stream = StreamId.parse(r.string());
                    long start = r.i64();
                    long end = r.i64();
                    double speed = r.f64();
                    yield new Play(origin, stream, start, end, speed, v2 ? members(r) : List.of());
                }
                case SEEK -> new Seek(r.i64());
                case LOOP -> new Loop(r.i64(), r.i64());
                case CLEAR_LOOP -> new ClearLoop();
                case SPEED -> new Speed(r.f64());
                case VOLUME -> new Volume(r.f64());
                case PAUSE -> new Pause();
                case RESUME -> new Resume();
                case STOP -> new Stop();
                case SEEK_TIME -> new SeekTime(position(r));
                case LOOP_TIME -> new LoopTime(position(r), position(r));
                case HIGH_PASS -> new HighPass(r.f64());
                case DC -> new Dc(dcMode(r.u8()));
                case NORMALIZE -> new Normalize(flag(r.u8(), "normalize"));
            };
            r.end();
            return new PlaybackControl(session, station, issuedAt, command, group, at);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("PlaybackControl: " + e.getMessage());
        }
    }

    /** Reads at most what the record holds: each member takes at least 4 bytes, so a huge count ends in truncation. */
    private static List<MemberStream> members(WireReader r) {
        int count = r.u16();
        List<MemberStream> members = new java.util.ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++) {
            members.add(new MemberStream(r.string(), StreamId.parse(r.string())));
        }
        return members;
    }

    private static WireWriter position(WireWriter w, Position p) {
        return w.u8(p.relative() ? 1 : 0).i64(p.micros());
    }

    private static Position position(WireReader r) {
        return new Position(flag(r.u8(), "position's relative"), r.i64());
    }

    private static boolean flag(int code, String what) {
        if (code > 1) {
            throw new IllegalArgumentException(what + " flag must be 0 or 1, got " + code);
        }
        return code == 1;
    }

    private static DcMode dcMode(int code) {
        DcMode[] modes = DcMode.values();
        if (code >= modes.length) {
            throw new IllegalArgumentException("unknown DC mode " + code);
        }
        return modes[code];
    }
}
