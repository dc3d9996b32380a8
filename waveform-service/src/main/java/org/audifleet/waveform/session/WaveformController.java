package org.audifleet.waveform.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.audifleet.signal.Spectrogram;
import org.audifleet.waveform.format.DatFormat;
import org.audifleet.waveform.format.JsonFormat;
import org.audifleet.waveform.format.Scaling;
import org.audifleet.waveform.format.WaveformData;
import org.audifleet.waveform.image.WaveformRenderer;
import org.audifleet.waveform.image.WaveformStyle;
import org.audifleet.waveform.spectrogram.SpectrogramImage;
import org.audifleet.waveform.spectrogram.SpectrogramJson;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A session's waveform in the formats people already read: audiowaveform's binary {@code .dat}
 * (version 2) and JSON, which peaks.js loads as they are (8-bit by default: peaks.js 4 refuses
 * 16-bit binary data), and a PNG. A session this instance does not hold is first rebuilt from audio.pcm
 * ({@link SessionRebuilder}).
 *
 * <p>What one response may cost is bounded ({@link HttpProperties}): a PNG's pixels and a {@code .dat}/{@code .json}
 * response's points are checked from the request and the session's length before anything is allocated (over
 * budget: 400 with the reason), and at most {@code max-concurrent-renders} responses are built at once
 * ({@link RenderSlots}; busy: 503 with Retry-After).
 *
 * <pre>
 * GET /sessions/{id}                  (status: samples so far, complete, zoom levels)
 * GET /sessions/{id}/waveform.dat?zoom=512&amp;bits=8&amp;processed=false&amp;rate=100
 * GET /sessions/{id}/waveform.json?zoom=512&amp;bits=8
 * GET /sessions/{id}/waveform.png?zoom=256&amp;width=1200&amp;height=240
 * GET /sessions/{id}/spectrogram.png?width=1200&amp;height=240&amp;scale=log&amp;max-hz=10
 * GET /sessions/{id}/spectrogram.json?scale=log&amp;max-hz=10
 * </pre>
 *
 * <p>The spectrogram answers count against the same budgets: a PNG's pixels against {@code max-image-pixels}, a
 * JSON answer's values (columns x bins) against {@code max-points}.
 */
@RestController
class WaveformController {

    private static final int MAX_IMAGE_SIDE = 16_384;

    private final SessionWaveforms sessions;
    private final SessionRebuilder rebuilder;
    private final WaveformProperties properties;
    private final HttpProperties http;
    private final RenderSlots renders;

    WaveformController(SessionWaveforms sessions, SessionRebuilder rebuilder, WaveformProperties properties,
            HttpProperties http, RenderSlots renders) {
        this.sessions = sessions;
        this.rebuilder = rebuilder;
        this.properties = properties;
        this.http = http;
        this.renders = renders;
    }

    /** How much of the session this instance has: {@code complete} once its last block arrived. */
    @GetMapping(value = "/sessions/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    SessionWaveform.Status status(@PathVariable UUID id) {
        return session(id).status();
    }

    /**
     * @param rate sample rate written in the header; default the trace's own (100 Hz). peaks.js places
     *             pixels at {@code samples_per_pixel / sample_rate} seconds, so {@code rate=44100} lines the
     *             waveform up with the session's audio played at 441x.
     */
    @GetMapping(value = "/sessions/{id}/waveform.dat", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    byte[] dat(@PathVariable UUID id, @RequestParam(defaultValue = "512") int zoom,
            @RequestParam(defaultValue = "8") int bits, @RequestParam(defaultValue = "false") boolean processed,
            @RequestParam(required = false) Integer rate) throws IOException {
        SessionWaveform session = withinPoints(id, zoom, bits, rate);
        return renders.run(() -> DatFormat.toBytes(data(session, id, zoom, bits, processed, rate)));
    }

    @GetMapping(value = "/sessions/{id}/waveform.json", produces = MediaType.APPLICATION_JSON_VALUE)
    String json(@PathVariable UUID id, @RequestParam(defaultValue = "512") int zoom,
            @RequestParam(defaultValue = "8") int bits, @RequestParam(defaultValue = "false") boolean processed,
            @RequestParam(required = false) Integer rate) throws IOException {
        SessionWaveform session = withinPoints(id, zoom, bits, rate);
        return renders.run(() -> JsonFormat.toJson(data(session, id, zoom, bits, processed, rate)));
    }

    @GetMapping(value = "/sessions/{id}/waveform.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> png(@PathVariable UUID id, @RequestParam(defaultValue = "256") int zoom,
            @RequestParam(defaultValue = "1200") int width, @RequestParam(defaultValue = "240") int height,
            @RequestParam(defaultValue = "false") boolean processed) throws IOException {
        checkImage(width, height);
        checkZoom(zoom);
        SessionWaveform session = session(id);
        byte[] png = renders.run(() -> {
            SessionWaveform.View view = view(session, id, zoom, processed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            WaveformRenderer.writePng(WaveformRenderer.render(List.of(view.buckets()), view.startMicros(),
                    view.sampleRate(), view.peak(), WaveformStyle.defaults(width, height), null), out);
            return out.toByteArray();
        });
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(png);
    }

    @GetMapping(value = "/sessions/{id}/spectrogram.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> spectrogramPng(@PathVariable UUID id, @RequestParam(defaultValue = "1200") int width,
            @RequestParam(defaultValue = "240") int height, @RequestParam(defaultValue = "log") String scale,
            @RequestParam(name = "max-hz", required = false) Double maxHz) throws IOException {
        checkImage(width, height);
        Spectrogram.Scale s = scale(scale);
        SessionWaveform session = session(id);
        int bins = spectrogramSize(session, id, maxHz)[0];
        byte[] png = renders.run(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SpectrogramImage.writePng(SpectrogramImage.render(session.spectrogram(bins), s, width, height), out);
            return out.toByteArray();
        });
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(png);
    }

    @GetMapping(value = "/sessions/{id}/spectrogram.json", produces = MediaType.APPLICATION_JSON_VALUE)
    String spectrogramJson(@PathVariable UUID id, @RequestParam(defaultValue = "log") String scale,
            @RequestParam(name = "max-hz", required = false) Double maxHz) throws IOException {
        Spectrogram.Scale s = scale(scale);
        SessionWaveform session = session(id);
        int[] size = spectrogramSize(session, id, maxHz);
        long values = (long) size[0] * size[1];
        if (values > http.maxPoints()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the spectrogram of session " + id + " is "
                    + size[1] + " columns x " + size[0] + " bins = " + values + " values, over the budget of "
                    + http.maxPoints() + " per response (audifleet.waveform.http.max-points); a lower max-hz cuts"
                    + " the bins");
        }
        return renders.run(() -> SpectrogramJson.toJson(session.spectrogram(size[0]), s));
    }

    private static Spectrogram.Scale scale(String text) {
        try {
            return Spectrogram.Scale.valueOf(text.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "scale must be linear, sqrt or log");
        }
    }

    /** {bins, columns} of the session's spectrogram; 404 before its first samples. */
    private static int[] spectrogramSize(SessionWaveform session, UUID id, Double maxHz) {
        if (maxHz != null && !(maxHz > 0)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "max-hz must be above 0");
        }
        long[] size = session.spectrogramSize(maxHz);
        if (size == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "session " + id + " has no samples yet");
        }
        return new int[] {(int) size[0], (int) size[1]};
    }

    private void checkImage(int width, int height) {
        if (width < 1 || height < 1 || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "width and height must be 1.." + MAX_IMAGE_SIDE + " pixels");
        }
        // Checked before the raster exists: 16384 x 16384 would be a 1 GiB image.
        long pixels = (long) width * height;
        if (pixels > http.maxImagePixels()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "width x height = " + width + " x " + height
                    + " = " + pixels + " pixels is over the image budget of " + http.maxImagePixels()
                    + " pixels (audifleet.waveform.http.max-image-pixels)");
        }
    }

    /** 503 while a rebuild is still running: the browser or dashboard asks again after {@code Retry-After}. */
    @ExceptionHandler(RebuildPendingException.class)
    ResponseEntity<String> rebuildPending(RebuildPendingException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "2")
                .contentType(MediaType.TEXT_PLAIN).body(e.getMessage() + "\n");
    }

    /** 503 while every render slot stays busy: the service is loaded, not broken; ask again shortly. */
    @ExceptionHandler(RenderSlots.RendersBusyException.class)
    ResponseEntity<String> rendersBusy(RenderSlots.RendersBusyException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(MediaType.TEXT_PLAIN).body(e.getMessage() + "\n");
    }

    /**
     * The session, once the request is valid and its answer fits in {@code max-points}: the length is known from
     * the session's samples before any bucket is copied.
     */
    private SessionWaveform withinPoints(UUID id, int zoom, int bits, Integer rate) {
        if (bits != 8 && bits != 16) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "bits must be 8 or 16");
        }
        if (rate != null && rate < 1) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "rate must be at least 1 Hz");
        }
        checkZoom(zoom);
        SessionWaveform session = session(id);
        long samples = session.status().samples();
        long points = points(samples, zoom);
        if (points > http.maxPoints()) {
            Integer fits = properties.levels().stream().filter(z -> points(samples, z) <= http.maxPoints()).findFirst()
                    .orElse(null);
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "zoom " + zoom + " of session " + id + " is "
                    + points + " points, over the budget of " + http.maxPoints() + " per response"
                    + " (audifleet.waveform.http.max-points)"
                    + (fits != null ? "; zoom " + fits + " or coarser fits" : ""));
        }
        return session;
    }

    private static long points(long samples, int zoom) {
        return (samples + zoom - 1) / zoom;
    }

    private WaveformData data(SessionWaveform session, UUID id, int zoom, int bits, boolean processed,
            Integer rate) {
        SessionWaveform.View view = view(session, id, zoom, processed);
        int headerRate = rate != null ? rate : Math.max(1, (int) Math.round(view.sampleRate()));
        return WaveformData.of(List.of(view.buckets()), headerRate, bits, Scaling.peak(view.peak(), bits));
    }

    private void checkZoom(int zoom) {
        if (!properties.levels().contains(zoom)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "zoom " + zoom + " is not kept; zoom levels are "
                    + properties.levels());
        }
    }

    private static SessionWaveform.View view(SessionWaveform session, UUID id, int zoom, boolean processed) {
        SessionWaveform.View view = session.view(zoom, processed);
        if (view == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "session " + id + " has no samples yet"
                    + " (or its first blocks are no longer retained on audio.pcm)");
        }
        return view;
    }

    /** The session, rebuilt from audio.pcm first when this instance lacks it or saw only its later blocks. */
    private SessionWaveform session(UUID id) {
        SessionWaveform live = sessions.find(id).orElse(null);
        if (live != null && live.started()) {
            return live;
        }
        if (!rebuilder.enabled()) {
            return orNotFound(live, id);
        }
        CompletableFuture<Boolean> scan = rebuilder.rebuild(id);
        if (scan == null) {
            throw new RebuildPendingException("too many sessions are being rebuilt; try session " + id + " again");
        }
        try {
            scan.get(rebuilder.waitLimit().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new RebuildPendingException("session " + id + " is being rebuilt from audio.pcm; try again");
        } catch (ExecutionException e) {
            throw new RebuildPendingException("rebuilding session " + id + " failed (" + e.getCause().getMessage()
                    + "); try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RebuildPendingException("interrupted while rebuilding session " + id);
        }
        return orNotFound(sessions.find(id).orElse(null), id);
    }

    private static SessionWaveform orNotFound(SessionWaveform session, UUID id) {
        if (session == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no waveform for session " + id
                    + " (not on this instance, not on audio.pcm)");
        }
        return session;
    }

    static final class RebuildPendingException extends RuntimeException {
        RebuildPendingException(String message) {
            super(message);
        }
    }
}
