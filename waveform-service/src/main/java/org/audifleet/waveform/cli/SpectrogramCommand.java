package org.audifleet.waveform.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.audifleet.chunkstore.ChunkFile;
import org.audifleet.signal.Spectrogram;
import org.audifleet.waveform.spectrogram.SessionSpectrogram;
import org.audifleet.waveform.spectrogram.SpectrogramImage;
import org.audifleet.waveform.spectrogram.SpectrogramJson;
import org.audifleet.waveform.spectrogram.SpectrogramProperties;
import org.audifleet.waveform.spectrogram.SpectrogramView;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bin/waveform spectrogram}: the service's spectrogram (the same {@link SessionSpectrogram}, fed the file's
 * samples and gaps in order) of one file, as a PNG or as the service's JSON.
 */
@Command(name = "waveform spectrogram", sortOptions = false, usageHelpAutoWidth = true,
        description = "Spectrogram (PNG, or JSON as GET /sessions/{id}/spectrogram.json serves it) of a chunk-store"
                + " chunk (*.i32.zst), miniSEED (.mseed, .mseed2, .mseed3, .miniseed) or 16-bit WAV file.")
public final class SpectrogramCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Show this help message.")
    boolean help;

    @Option(names = {"-i", "--input-filename"}, required = true, paramLabel = "FILE", description = "Input file.")
    Path input;

    @Option(names = {"-o", "--output-filename"}, required = true, paramLabel = "FILE", description = "Output: .png or .json.")
    Path output;

    @Option(names = "--scale", defaultValue = "log", paramLabel = "linear|sqrt|log",
            description = "Magnitude scale (default: ${DEFAULT-VALUE}; log is dB re 1 count, 80 dB of colour).")
    String scale;

    @Option(names = "--window-seconds", defaultValue = "20.48", paramLabel = "S",
            description = "Data time of one FFT window, as a power of two of samples (default: ${DEFAULT-VALUE}).")
    double windowSeconds;

    @Option(names = "--overlap", defaultValue = "0.5", paramLabel = "F",
            description = "Fraction of a window the next overlaps, 0 to 0.875 (default: ${DEFAULT-VALUE}).")
    double overlap;

    @Option(names = "--max-hz", paramLabel = "HZ", description = "Highest frequency shown (default: Nyquist).")
    Double maxHz;

    @Option(names = {"-w", "--width"}, defaultValue = "800", paramLabel = "PX", description = "Image width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = {"-h", "--height"}, defaultValue = "250", paramLabel = "PX", description = "Image height (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--sample-rate", defaultValue = "100", paramLabel = "HZ",
            description = "Sample rate of an .i32.zst chunk (default: ${DEFAULT-VALUE}).")
    double sampleRate;

    @Option(names = "--stream", paramLabel = "NET.STA.LOC.CHA", description = "miniSEED stream to read (default: the first).")
    String stream;

    /** The configured command line, with the same one-line usage errors (exit 2) as {@code bin/waveform}. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SpectrogramCommand());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("Error: " + e.getMessage());
            return 1;
        });
        cl.setParameterExceptionHandler((e, given) -> {
            e.getCommandLine().getErr().println("waveform spectrogram: " + e.getMessage() + " (try --help)");
            return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        });
        return cl;
    }

    @Override
    public Integer call() throws IOException {
        Spectrogram.Scale s;
        try {
            s = Spectrogram.Scale.valueOf(scale.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--scale must be linear, sqrt or log");
        }
        if (!(windowSeconds >= 0.16 && windowSeconds <= 3600) || !(overlap >= 0 && overlap <= 0.875)) {
            throw new ParameterException(spec.commandLine(), "--window-seconds must be 0.16 to 3600 and --overlap 0"
                    + " to 0.875");
        }
        if (width < 1 || height < 1 || width > 16_384 || height > 16_384 || (maxHz != null && !(maxHz > 0))) {
            throw new ParameterException(spec.commandLine(), "--width and --height must be 1..16384, --max-hz above 0");
        }
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".json")) {
            throw new ParameterException(spec.commandLine(), "output " + output + " must end in .png or .json");
        }
        PrintWriter err = spec.commandLine().getErr();
        Recording rec = read(err).mixedDown();
        SessionSpectrogram spectrogram = new SessionSpectrogram(rec.sampleRate(),
                new SpectrogramProperties(windowSeconds, overlap));
        rec.runs(0, 0, rec.frames(), spectrogram);
        SpectrogramView view = spectrogram.view(rec.startMicros(), spectrogram.binsUpTo(maxHz), true);
        if (name.endsWith(".png")) {
            try (OutputStream out = Files.newOutputStream(output)) {
                SpectrogramImage.writePng(SpectrogramImage.render(view, s, width, height), out);
            }
        } else {
            Files.writeString(output, SpectrogramJson.toJson(view, s), StandardCharsets.UTF_8);
        }
        err.printf(Locale.ROOT, "Spectrogram: %d samples at %s Hz, window %d, hop %d, %d columns x %d bins"
                + " (%.4f Hz each), %s%n", rec.frames(), rec.sampleRate(), view.window(), view.hop(),
                view.columns().length, view.bins(), view.binHz(), s.name().toLowerCase(Locale.ROOT));
        return 0;
    }

    private Recording read(PrintWriter err) throws IOException {
        String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".i32.zst")) {
            return new Recording(sampleRate, 0, false, List.of(ChunkFile.readSamples(input)));
        }
        if (name.endsWith(".wav")) {
            return WavReader.read(input, 0);
        }
        if (List.of(".mseed", ".mseed2", ".mseed3", ".miniseed").stream().anyMatch(name::endsWith)) {
            MseedInput.Stream read = MseedInput.read(input, stream, w -> err.println("Warning: " + w));
            err.println("Stream: " + read.id());
            return read.recording();
        }
        throw new ParameterException(spec.commandLine(), "cannot tell the format of " + input
                + " from its name; want .i32.zst, .wav, .mseed, .mseed2, .mseed3 or .miniseed");
    }
}
