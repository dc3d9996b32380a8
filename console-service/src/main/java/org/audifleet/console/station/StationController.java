package org.audifleet.console.station;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.audifleet.wire.Micros;
import org.audifleet.wire.PlaybackControl;
import org.audifleet.wire.Topics;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The stations as they announce themselves, and the controls the page sends them: every control goes out on
 * playback.controls, keyed by station, the path {@code player-agent control} uses, so stations need nothing new.
 * A group's control is one control per station announcing that group.
 */
@RestController
class StationController {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final StationDirectory directory;
    private final KafkaTemplate<Object, Object> kafka;
    private final StationsProperties properties;

    StationController(StationDirectory directory, KafkaTemplate<Object, Object> kafka, StationsProperties properties) {
        this.directory = directory;
        this.kafka = kafka;
        this.properties = properties;
    }

    @GetMapping(value = "/api/stations", produces = MediaType.APPLICATION_JSON_VALUE)
    List<StationDirectory.Station> stations() {
        return directory.stations();
    }

    @PostMapping(value = "/api/stations/{station}/play", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> play(@PathVariable String station, @RequestBody PlayForm form) {
        UUID session = UUID.randomUUID();
        send(checked(() -> form.toControl(station, session, properties.defaultSpeed(), Micros.now())));
        return Map.of("station", station, "session", session.toString());
    }

    @PostMapping(value = "/api/stations/{station}/controls", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> control(@PathVariable String station, @RequestBody ControlForm form) {
        PlaybackControl control = checked(() -> form.toControl(station, Micros.now()));
        send(control);
        return Map.of("station", station, "command", control.command().kind().name());
    }

    /** The hook for groups: one control per station announcing {@code group} (none do yet). */
    @PostMapping(value = "/api/groups/{group}/controls", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> groupControl(@PathVariable String group, @RequestBody ControlForm form) {
        List<String> members = directory.stations().stream().filter(s -> s.group().equals(group) && !s.silent())
                .map(StationDirectory.Station::name).toList();
        if (members.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no station announces group '" + group + "'");
        }
        for (String station : members) {
            send(checked(() -> form.toControl(station, Micros.now())));
        }
        return Map.of("group", group, "stations", members);
    }

    private interface Build {
        PlaybackControl control();
    }

    private static PlaybackControl checked(Build build) {
        try {
            return build.control();
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private void send(PlaybackControl control) {
        try {
            kafka.send(Topics.PLAYBACK_CONTROLS, control.key(), control.encode())
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "the control did not reach the broker: "
                    + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "interrupted");
        }
    }
}
