package org.audifleet.waveform.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.audifleet.waveform.format.DatFormat;
import org.audifleet.waveform.format.JsonFormat;
import org.audifleet.waveform.format.Scaling;
import org.audifleet.waveform.format.WaveformData;
import org.audifleet.waveform.image.WaveformRenderer;
import org.audifleet.waveform.image.WaveformStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A session's waveform in the formats people already read: audiowaveform's binary {@code .dat}
 * (version 2) and JSON, which peaks.js loads as they are (8-bit by default: peaks.js 4 refuses
 * 16-bit), and a PNG.
 *
 * <pre>
 * GET /sessions/{id}                  (status: samples so far, complete, zoom levels)
 * GET /sessions/{id}/waveform.dat?zoom=512&amp;bits=8&amp;processed=false
 * GET /sessions/{id}/waveform.json?zoom=512&amp;bits=8
 * GET /sessions/{id}/waveform.png?zoom=256&amp;width=1200&amp;height=240
 * </pre>
 */
@RestController
class WaveformController {

    private final SessionWaveforms sessions;

    WaveformController(SessionWaveforms sessions) {
        this.sessions = sessions;
    }

    /** How much of the session this instance has: {@code complete} once its last block arrived. */
    @GetMapping(value = "/sessions/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    SessionWaveform.Status status(@PathVariable UUID id) {
        return sessions.find(id).map(SessionWaveform::status).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "no waveform for session " + id + " on this instance"));
    }

    @GetMapping(value = "/sessions/{id}/waveform.dat", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    byte[] dat(@PathVariable UUID id, @RequestParam(defaultValue = "512") int zoom,
            @RequestParam(defaultValue = "8") int bits, @RequestParam(defaultValue = "false") boolean processed) {
        return DatFormat.toBytes(data(id, zoom, bits, processed));
    }

    @GetMapping(value = "/sessions/{id}/waveform.json", produces = MediaType.APPLICATION_JSON_VALUE)
    String json(@PathVariable UUID id, @RequestParam(defaultValue = "512") int zoom,
            @RequestParam(defaultValue = "8") int bits, @RequestParam(defaultValue = "false") boolean processed) {
        return JsonFormat.toJson(data(id, zoom, bits, processed));
    }

    @GetMapping(value = "/sessions/{id}/waveform.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> png(@PathVariable UUID id, @RequestParam(defaultValue = "256") int zoom,
            @RequestParam(defaultValue = "1200") int width, @RequestParam(defaultValue = "240") int height,
            @RequestParam(defaultValue = "false") boolean processed) throws IOException {
        SessionWaveform.View view = view(id, zoom, processed);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        WaveformRenderer.writePng(WaveformRenderer.render(List.of(view.buckets()), view.startMicros(),
                view.sampleRate(), view.peak(), WaveformStyle.defaults(width, height), null), png);
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(png.toByteArray());
    }

    private WaveformData data(UUID id, int zoom, int bits, boolean processed) {
        if (bits != 8 && bits != 16) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "bits must be 8 or 16");
        }
        SessionWaveform.View view = view(id, zoom, processed);
        return WaveformData.of(List.of(view.buckets()), (int) Math.round(view.sampleRate()), bits,
                Scaling.peak(view.peak(), bits));
    }

    private SessionWaveform.View view(UUID id, int zoom, boolean processed) {
        SessionWaveform session = sessions.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no waveform for session " + id + " on this instance"));
        SessionWaveform.View view;
        try {
            view = session.view(zoom, processed);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        if (view == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "session " + id + " has no samples yet");
        }
        return view;
    }
}
