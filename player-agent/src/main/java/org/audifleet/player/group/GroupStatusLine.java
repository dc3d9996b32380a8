package org.audifleet.player.group;

import java.util.Locale;
import org.audifleet.wire.StationAnnouncement;

/**
 * One line of {@code control --group G status} per member, from its newest announcement: station, session,
 * position (data time from the window's start), whether its clock is ready, offset ± uncertainty, playout error, rate correction, resyncs and
 * the announcement's age (by the controller's wall clock against the station's: a clock offset shows in it too).
 */
public final class GroupStatusLine {

    private GroupStatusLine() {
    }

    public static String of(StationAnnouncement a, long nowMicros) {
        StringBuilder b = new StringBuilder(a.station());
        StationAnnouncement.Playing p = a.playing();
        if (p == null) {
            b.append("  idle");
        } else {
            b.append("  session ").append(p.sessionId()).append("  position ").append(position(p.positionMicros()))
                    .append(p.paused() ? " paused" : "");
        }
        StationAnnouncement.Sync s = a.sync();
        if (s == null) {
            b.append("  sync not announced (a station of an older build)");
        } else {
            // "ready": the station's fleet clock is known, so it can schedule by it (the uncertainty is known).
            b.append(s.uncertaintyNanos() == Long.MAX_VALUE ? "  clock not ready" : "  clock ready");
            b.append("  offset ").append(millis(s.offsetNanos(), true)).append(" ± ")
                    .append(s.uncertaintyNanos() == Long.MAX_VALUE ? "? (not yet known)" : millis(s.uncertaintyNanos(),
                            false))
                    .append("  playout error ").append(millis(s.playoutErrorNanos(), true))
                    .append(String.format(Locale.ROOT, "  correction %+.1f ppm", s.correctionPpm()))
                    .append("  resyncs ").append(s.resyncs());
        }
        b.append(String.format(Locale.ROOT, "  age %.1f s", (nowMicros - a.announcedAtMicros()) / 1e6));
        return b.toString();
    }

    private static String millis(long nanos, boolean signed) {
        return String.format(Locale.ROOT, signed ? "%+.3f ms" : "%.3f ms", nanos / 1e6);
    }

    /** hh:mm:ss.fff of data time, as {@code control seek} takes it. */
    static String position(long micros) {
        long ms = Math.max(0, micros) / 1000;
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60,
                ms % 1000);
    }
}
