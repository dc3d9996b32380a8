package org.audifleet.console.station;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.audifleet.wire.Micros;
import org.audifleet.wire.StationAnnouncement;

/**
 * The newest announcement of each station, from the compacted stations topic; a tombstone removes the station.
 * Plain Java: the listener feeds it, the controller reads it.
 */
final class StationDirectory {

    /** A station as the page shows it; {@code silent} when its newest announcement is older than allowed. */
    record Station(String name, String group, long announcedAtMicros, boolean silent, Playing playing) {
    }

    /** {@link StationAnnouncement.Playing} with its stream and DC mode as text, the way the page shows them. */
    record Playing(String sessionId, String origin, String stream, long startMicros, long endMicros,
            long positionMicros, long loopFromMicros, long loopToMicros, double speed, double volume, boolean paused,
            double highPassHz, String dc, boolean normalize) {

        static Playing of(StationAnnouncement.Playing p) {
            return p == null ? null : new Playing(p.sessionId().toString(), p.origin(), p.stream().toString(),
                    p.startMicros(), p.endMicros(), p.positionMicros(), p.loopFromMicros(), p.loopToMicros(), p.speed(),
                    p.volume(), p.paused(), p.highPassHz(), p.dc().name(), p.normalize());
        }
    }

    private final ConcurrentHashMap<String, StationAnnouncement> newest = new ConcurrentHashMap<>();
    private final Duration staleAfter;

    StationDirectory(Duration staleAfter) {
        this.staleAfter = staleAfter;
    }

    /** An announcement keyed {@code station}, or its tombstone ({@code null}); an older one never replaces a newer. */
    void accept(String station, StationAnnouncement announcement) {
        if (announcement == null) {
            newest.remove(station);
            return;
        }
        newest.merge(announcement.station(), announcement,
                (had, now) -> now.announcedAtMicros() >= had.announcedAtMicros() ? now : had);
    }

    List<Station> stations(long nowMicros) {
        List<Station> list = new ArrayList<>();
        for (StationAnnouncement a : newest.values()) {
            list.add(new Station(a.station(), a.group(), a.announcedAtMicros(),
                    nowMicros - a.announcedAtMicros() > staleAfter.toNanos() / 1000, Playing.of(a.playing())));
        }
        list.sort(Comparator.comparing(Station::name));
        return list;
    }

    List<Station> stations() {
        return stations(Micros.now());
    }

    boolean known(String station) {
        return newest.containsKey(station);
    }
}
