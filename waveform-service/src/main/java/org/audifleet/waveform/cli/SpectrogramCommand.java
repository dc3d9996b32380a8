package org.audifleet.waveform.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.audifleet.signal.Spectrogram;
import org.audifleet.waveform.spectrogram.SessionSpectrogram;
import org.audifleet.waveform.spectrogram.SpectrogramImage;
import org.audifleet.waveform.spectrogram.SpectrogramJson;
import org.audifleet.waveform.spectrogram.SpectrogramProperties;
import org.audifleet.waveform.spectrogram.SpectrogramView;

/**
 * {@code bin/waveform spectrogram}: the service's spectrogram (the same {@link SessionSpectrogram}, fed the file's
 * samples and gaps in order, streamed like {@code bin/waveform}'s own passes) of one file, as a PNG or as the
 * service's JSON.
 */
public final class SpectrogramCommand {

    private static final String SYNOPSIS = "waveform spectrogram -i FILE -o FILE [OPTION...]";
    private static final String DESCRIPTION = "Spectrogram (PNG, or JSON as GET /sessions/{id}/spectrogram.json "
            + "serves it) of a chunk-store chunk (*.i32.zst), miniSEED (.mseed, .mseed2, .mseed3, .miniseed) or "
            + "16-bit WAV file.";
    private static final OptionParser OPTIONS = new OptionParser()
            .flag("Show this help message.", "--help")
            .value("FILE", "Input file.", "-i", "--input-filename")
            .value("FILE", "Output: .png or .json.", "-o", "--output-filename")
            .value("linear|sqrt|log", "Magnitude scale (default: log; log is dB re 1 count, 80 dB of colour).",
                    "--scale")
            .value("S", "Data time of one FFT window, as a power of two of samples (default: 20.48).",
                    "--window-seconds")
            .value("F", "Fraction of a window the next overlaps, 0 to 0.875 (default: 0.5).", "--overlap")
            .value("HZ", "Highest frequency shown (default: Nyquist).", "--max-hz")
            .value("PX", "Image width (default: 800).", "-w", "--width")
            .value("PX", "Image height (default: 250).", "-h", "--height")
            .value("HZ", "Sample rate of an .i32.zst chunk (default: 100).", "--sample-rate")
            .value("NET.STA.LOC.CHA", "miniSEED stream to read (default: the first).", "--stream");

    private SpectrogramCommand() {
    }

    /**
     * Runs one command line: 0 done; 1 the input could not be read or the output written ({@code Error: ...} on
     * {@code err}); 2 a usage error, one line naming it.
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return OptionParser.run(out, err, "waveform spectrogram", () -> {
            OptionParser.Parsed p = OPTIONS.parse(args, "--input-filename", "--output-filename");
            if (p.has("--help")) {
                out.print(OPTIONS.usage(SYNOPSIS, DESCRIPTION));
                return 0;
            }
            return call(p, err);
        });
    }

    private static int call(OptionParser.Parsed p, PrintWriter err) throws IOException {
        Path input = Path.of(p.string("--input-filename", null));
        Path output = Path.of(p.string("--output-filename", null));
        String scaleName = p.string("--scale", "log");
        double windowSeconds = p.number("--window-seconds", 20.48);
        double overlap = p.number("--overlap", 0.5);
        Double maxHz = p.number("--max-hz", null);
        int width = p.integer("--width", 800);
        int height = p.integer("--height", 250);
        double sampleRate = p.number("--sample-rate", 100.0);
        Spectrogram.Scale scale;
        try {
            scale = Spectrogram.Scale.valueOf(scaleName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OptionParser.UsageException("--scale must be linear, sqrt or log");
        }
        if (!(windowSeconds >= 0.16 && windowSeconds <= 3600) || !(overlap >= 0 && overlap <= 0.875)) {
            throw new OptionParser.UsageException("--window-seconds must be 0.16 to 3600 and --overlap 0 to 0.875");
        }
        if (width < 1 || height < 1 || width > 16_384 || height > 16_384 || (maxHz != null && !(maxHz > 0))) {
            throw new OptionParser.UsageException("--width and --height must be 1..16384, --max-hz above 0");
        }
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".json")) {
            throw new OptionParser.UsageException("output " + output + " must end in .png or .json");
        }
        Trace trace = open(input, sampleRate, p.string("--stream", null), err);
        SessionSpectrogram spectrogram = new SessionSpectrogram(trace.sampleRate(),
                new SpectrogramProperties(windowSeconds, overlap));
        trace.feed(0, trace.frames(), true, List.of(spectrogram));
        SpectrogramView view = spectrogram.view(trace.startMicros(), spectrogram.binsUpTo(maxHz), true);
        if (name.endsWith(".png")) {
            try (OutputStream out = Files.newOutputStream(output)) {
                SpectrogramImage.writePng(SpectrogramImage.render(view, scale, width, height), out);
            }
        } else {
            Files.writeString(output, SpectrogramJson.toJson(view, scale), StandardCharsets.UTF_8);
        }
        err.printf(Locale.ROOT, "Spectrogram: %d samples at %s Hz, window %d, hop %d, %d columns x %d bins"
                + " (%.4f Hz each), %s%n", trace.frames(), trace.sampleRate(), view.window(), view.hop(),
                view.columns().length, view.bins(), view.binHz(), scale.name().toLowerCase(Locale.ROOT));
        return 0;
    }

    private static Trace open(Path input, double sampleRate, String stream, PrintWriter err) throws IOException {
        String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".i32.zst")) {
            return ChunkInput.open(input, sampleRate, 0);
        }
        if (name.endsWith(".wav")) {
            return WavFile.open(input, 0);
        }
        if (List.of(".mseed", ".mseed2", ".mseed3", ".miniseed").stream().anyMatch(name::endsWith)) {
            return MseedInput.open(input, stream, w -> err.println("Warning: " + w),
                    id -> err.println("Stream: " + id));
        }
        throw new OptionParser.UsageException("cannot tell the format of " + input
                + " from its name; want .i32.zst, .wav, .mseed, .mseed2, .mseed3 or .miniseed");
    }
}
