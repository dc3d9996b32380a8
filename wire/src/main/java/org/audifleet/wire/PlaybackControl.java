package org.audifleet.wire;

import java.util.Objects;
import java.util.UUID;

/**
 * An instruction to a listening station running {@code player-agent daemon}: start a session, or steer the one it
 * plays. Published on {@link Topics#PLAYBACK_CONTROLS}, keyed by the station name when {@code station} is set, else
 * by the session id.
 *
 * @param sessionId for {@link Play} the new session's id (the sender picks it, as a station does for a request);
 *     for the others the session it applies to, or {@link #ANY_SESSION} for whatever the station is playing
 * @param station the station's name, or "" for any station playing {@code sessionId}
 * @param issuedAtMicros sender's wall clock, epoch µs (for tracing)
 */
public record PlaybackControl(UUID sessionId, String station, long issuedAtMicros, Command command) {

    static final String MAGIC = "AFPC";
    static final int VERSION = 1;

    /** The nil UUID: "the session the station is playing now". */
    public static final UUID ANY_SESSION = new UUID(0L, 0L);

    public PlaybackControl {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(station, "station");
        Objects.requireNonNull(command, "command");
        if (station.isEmpty() && sessionId.equals(ANY_SESSION)) {
            throw new IllegalArgumentException("a control names a station, a session, or both");
        }
        if (command instanceof Play && station.isEmpty()) {
            throw new IllegalArgumentException("PLAY names the station that is to play");
        }
        if (command instanceof Play && sessionId.equals(ANY_SESSION)) {
            throw new IllegalArgumentException("PLAY carries the new session's id");
        }
    }

    /** The record key: the station when there is one (so one station's controls stay in order), else the session. */
    public String key() {
        return station.isEmpty() ? sessionId.toString() : station;
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

    /** Start a session: the window {@code [start, end)} of {@code stream} from {@code origin}, at {@code speed}x. */
    public record Play(String origin, StreamId stream, long startMicros, long endMicros, double speed)
            implements Command {
        public Play {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(stream, "stream");
            if (endMicros <= startMicros) {
                throw new IllegalArgumentException("window end " + endMicros + " is not after start " + startMicros);
            }
            if (!(speed > 0) || Double.isInfinite(speed)) {
                throw new IllegalArgumentException("speed must be positive, got " + speed);
            }
        }

        @Override
        public Kind kind() {
            return Kind.PLAY;
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
        int size = 5 + 1 + 16 + WireWriter.stringSize(station) + 8 + argumentsSize();
        WireWriter w = new WireWriter(size, MAGIC, VERSION).u8(command.kind().ordinal()).uuid(sessionId)
                .string(station).i64(issuedAtMicros);
        if (command instanceof Play p) {
            w.string(p.origin()).string(p.stream().toString()).i64(p.startMicros()).i64(p.endMicros()).f64(p.speed());
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
                yield WireWriter.stringSize(p.origin()) + WireWriter.stringSize(p.stream().toString()) + 24;
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
        WireReader r = new WireReader(bytes, "PlaybackControl", MAGIC, VERSION);
        int code = r.u8();
        Kind[] kinds = Kind.values();
        if (code >= kinds.length) {
            throw new WireFormatException("PlaybackControl: unknown command " + code);
        }
        UUID session = r.uuid();
        String station = r.string();
        long issuedAt = r.i64();
        try {
            Command command = switch (kinds[code]) {
                case PLAY -> new Play(r.string(), StreamId.parse(r.string()), r.i64(), r.i64(), r.f64());
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
            return new PlaybackControl(session, station, issuedAt, command);
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("PlaybackControl: " + e.getMessage());
        }
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
