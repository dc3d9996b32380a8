package org.audifleet.waveform.cli;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.audifleet.chunkstore.ChunkFile;
import org.audifleet.waveform.format.DatFormat;
import org.audifleet.waveform.format.JsonFormat;
import org.audifleet.waveform.format.Scaling;
import org.audifleet.waveform.format.WaveformData;
import org.audifleet.waveform.image.WaveformRenderer;
import org.audifleet.waveform.image.WaveformStyle;
import org.audifleet.waveform.pyramid.Buckets;
import org.audifleet.signal.Detrend;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Offline waveform tool, {@code bin/waveform}. Options it shares with audiowaveform have audiowaveform's names
 * and meanings, so {@code -h} is the image height and help is {@code --help} only.
 */
@Command(name = "waveform", sortOptions = false, usageHelpAutoWidth = true,
        description = "Min/max waveform data (.dat, .json) or a PNG image from a 16-bit WAV file, a chunk-store "
                + "chunk (*.i32.zst), miniSEED 2 or 3 (.mseed, .mseed2, .mseed3, .miniseed) or waveform data "
                + "(.dat, .json).",
        versionProvider = WaveformCommand.Version.class)
public final class WaveformCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Show this help message.")
    boolean help;

    @Option(names = {"-v", "--version"}, versionHelp = true, description = "Show version information.")
    boolean version;

    @Option(names = {"-i", "--input-filename"}, required = true, paramLabel = "FILE",
            description = "Input: .wav (16-bit PCM), .i32.zst (chunk), .mseed/.mseed2/.mseed3/.miniseed, .dat or "
                    + ".json.")
    Path input;

    @Option(names = {"-o", "--output-filename"}, required = true, paramLabel = "FILE",
            description = "Output: .dat, .json or .png.")
    Path output;

    @Option(names = "--input-format", paramLabel = "FORMAT",
            description = "wav, i32.zst, mseed (also mseed2, mseed3, miniseed), dat or json (default: from the "
                    + "file name).")
    String inputFormat;

    @Option(names = "--output-format", paramLabel = "FORMAT", description = "dat, json or png (default: from the file name).")
    String outputFormat;

    @Option(names = {"-z", "--zoom"}, paramLabel = "N",
            description = "Samples per pixel (default: 256). Not with --pixels-per-second or --end.")
    Integer zoom;

    @Option(names = "--pixels-per-second", paramLabel = "N",
            description = "Pixels per second of input (samples per pixel = sample rate / N, integer division).")
    Integer pixelsPerSecond;

    @Option(names = {"-b", "--bits"}, defaultValue = "16", paramLabel = "8|16",
            description = "Bits per output value (default: ${DEFAULT-VALUE}).")
    int bits;

    @Option(names = {"-s", "--start"}, defaultValue = "0", paramLabel = "SECONDS",
            description = "Image start, seconds from the start of the input (default: 0).")
    double start;

    @Option(names = {"-e", "--end"}, paramLabel = "SECONDS",
            description = "Image end, seconds from the start of the input; sets the zoom to fit --width.")
    Double end;

    @Option(names = {"-w", "--width"}, defaultValue = "800", paramLabel = "PX",
            description = "Image width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = {"-h", "--height"}, defaultValue = "250", paramLabel = "PX",
            description = "Image height (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--split-channels", description = "One waveform per input channel instead of their mix.")
    boolean splitChannels;

    @Option(names = "--background-color", paramLabel = "RRGGBB[AA]", description = "Image background colour.")
    String backgroundColour;

    @Option(names = "--waveform-color", paramLabel = "RRGGBB[AA]", description = "Waveform colour.")
    String waveformColour;

    @Option(names = "--axis-label-color", paramLabel = "RRGGBB[AA]", description = "Axis, labels and border colour.")
    String axisColour;

    @Option(names = "--no-axis-labels", description = "No time axis and border.")
    boolean noAxisLabels;

    @Option(names = "--sample-rate", defaultValue = "100", paramLabel = "HZ",
            description = "Sample rate of an .i32.zst chunk (default: ${DEFAULT-VALUE}).")
    double sampleRate;

    @Option(names = "--stream", paramLabel = "NET.STA.LOC.CHA",
            description = "miniSEED stream to read, blank location as XX.STA..HHZ (default: the stream of the "
                    + "first record with samples).")
    String stream;

    @Option(names = "--start-time", paramLabel = "INSTANT",
            description = "UTC time of the first sample, e.g. 2024-03-01T00:00:00Z, for the image's time axis "
                    + "(default: the record time for miniSEED, else 1970-01-01T00:00:00Z, so labels read as "
                    + "elapsed time).")
    Instant startTime;

    @Option(names = "--detrend", defaultValue = "none", paramLabel = "none|mean|linear",
            description = "Remove the whole input's mean or least-squares line first (default: ${DEFAULT-VALUE}).")
    String detrend;

    @Option(names = "--highpass", paramLabel = "HZ",
            description = "Causal 2nd-order Butterworth high-pass corner, e.g. 0.01, 0.02, 0.045.")
    Double highPassHz;

    @Option(names = "--playhead", paramLabel = "SECONDS", description = "Draw a playhead this many seconds into the input.")
    Double playhead;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (args.length > 0 && args[0].equals("spectrogram")) { // bin/waveform spectrogram: SpectrogramCommand
            System.exit(SpectrogramCommand.commandLine().execute(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new WaveformCommand());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("Error: " + e.getMessage());
            return 1;
        });
        // A usage error is one line naming the problem (exit 2), as in bin/decode; an unknown option is named
        // even when picocli reports a missing required option first.
        cl.setParameterExceptionHandler((e, given) -> {
            List<String> unknown = e.getCommandLine().getUnmatchedArguments();
            String problem = unknown.isEmpty() ? e.getMessage() : "Unknown option: '" + unknown.get(0) + "'";
            e.getCommandLine().getErr().println("waveform: " + problem + " (try --help)");
            return e.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        });
        return cl;
    }

    @Override
    public Integer call() throws IOException {
        if (bits != 8 && bits != 16) {
            throw new ParameterException(spec.commandLine(), "--bits must be 8 or 16");
        }
        int given = (zoom != null ? 1 : 0) + (pixelsPerSecond != null ? 1 : 0) + (end != null ? 1 : 0);
        if (given > 1) {
            throw new ParameterException(spec.commandLine(), "use only one of --zoom, --pixels-per-second, --end");
        }
        String in = format(inputFormat, input,
                List.of("i32.zst", "wav", "mseed", "mseed2", "mseed3", "miniseed", "dat", "json"));
        String out = format(outputFormat, output, List.of("dat", "json", "png"));
        PrintWriter err = spec.commandLine().getErr();
        if (in.equals("dat") || in.equals("json")) {
            convertWaveformData(in, out, err);
            return 0;
        }
        Recording rec = read(in);
        rec = process(rec);
        if (!splitChannels) {
            rec = rec.mixedDown();
        }
        err.printf(Locale.ROOT, "Input: %d channel(s), %d samples, %s Hz%n", rec.channels().size(), rec.frames(),
                fmt(rec.sampleRate()));
        if (!rec.gaps().isEmpty()) {
            long missing = rec.gaps().stream().mapToLong(Recording.Gap::length).sum();
            err.printf(Locale.ROOT, "Gaps: %d, %d samples missing%n", rec.gaps().size(), missing);
        }
        if (out.equals("png")) {
            renderAudio(rec, err);
        } else {
            writeData(rec, out, err);
        }
        return 0;
    }

    private Recording read(String format) throws IOException {
        long startMicros = startTime == null ? 0 : startTime.getEpochSecond() * 1_000_000L + startTime.getNano() / 1000;
        switch (format) {
            case "wav":
                return WavReader.read(input, startMicros);
            case "i32.zst":
                return new Recording(sampleRate, startMicros, false, List.of(ChunkFile.readSamples(input)));
            default:
                PrintWriter err = spec.commandLine().getErr();
                MseedInput.Stream read = MseedInput.read(input, stream, w -> err.println("Warning: " + w));
                Recording rec = read.recording();
                err.printf(Locale.ROOT, "Stream: %s, first sample %s%n", read.id(),
                        Instant.ofEpochSecond(0, rec.startMicros() * 1000));
                return startTime == null ? rec
                        : new Recording(rec.sampleRate(), startMicros, false, rec.channels(), rec.gaps());
        }
    }

    /** Whole-input detrend (observe all, then freeze) and the optional high-pass. */
    private Recording process(Recording rec) {
        Detrend.Mode mode = Detrend.Mode.valueOf(detrend.toUpperCase(Locale.ROOT));
        if (mode == Detrend.Mode.NONE && highPassHz == null) {
            return rec;
        }
        return rec.processed(mode, highPassHz == null ? 0 : highPassHz);
    }

    private int samplesPerPixel(double rate) {
        int spp;
        if (pixelsPerSecond != null) {
            if (pixelsPerSecond <= 0) {
                throw new ParameterException(spec.commandLine(), "--pixels-per-second must be greater than zero");
            }
            spp = (int) rate / pixelsPerSecond;
        } else {
            spp = zoom == null ? 256 : zoom;
        }
        if (spp < 2) {
            throw new ParameterException(spec.commandLine(), "invalid zoom: minimum 2 samples per pixel, got " + spp);
        }
        return spp;
    }

    private static long peak(List<Buckets> channels) {
        long peak = 0;
        for (Buckets b : channels) {
            for (int i = 0; i < b.count(); i++) {
                if (!b.isEmpty(i)) {
                    peak = Math.max(peak, Math.max(-(long) b.mins()[i], b.maxs()[i]));
                }
            }
        }
        return peak;
    }

    private void writeData(Recording rec, String out, PrintWriter err) throws IOException {
        int spp = samplesPerPixel(rec.sampleRate());
        List<Buckets> buckets = rec.minMax(spp, 0, rec.frames());
        Scaling scaling = rec.pcm16() ? Scaling.pcm16(bits) : Scaling.peak(peak(buckets), bits);
        int rate = (int) Math.round(rec.sampleRate());
        WaveformData data = WaveformData.of(buckets, Math.max(1, rate), bits, scaling);
        write(data, out);
        err.printf(Locale.ROOT, "Samples per pixel: %d, output channels: %d, bits: %d%nGenerated %d points%n", spp,
                data.channels(), bits, data.length());
    }

    private void renderAudio(Recording rec, PrintWriter err) throws IOException {
        int from = (int) Math.min(rec.frames(), Math.round(start * rec.sampleRate()));
        int spp;
        if (end != null) {
            if (end <= start) {
                throw new ParameterException(spec.commandLine(), "--end must be after --start");
            }
            long frames = Math.round((end - start) * rec.sampleRate());
            spp = (int) Math.max(2, (frames + width - 1) / width);
        } else {
            spp = samplesPerPixel(rec.sampleRate());
        }
        List<Buckets> columns = rec.minMax(spp, from, (int) Math.min(Integer.MAX_VALUE, (long) spp * width));
        long startMicros = rec.startMicros() + Math.round(from / rec.sampleRate() * 1e6);
        // The image is scaled to its own peak: a seismic trace has no fixed full scale.
        render(columns, startMicros, rec.sampleRate(), peak(columns), rec.startMicros());
        err.printf(Locale.ROOT, "Samples per pixel: %d, image %dx%d, %d columns of data%n", spp, width, height,
                columns.get(0).count());
    }

    private void render(List<Buckets> columns, long startMicros, double rate, long peak, long inputStartMicros)
            throws IOException {
        WaveformStyle style = WaveformStyle.defaults(width, height)
                .withColours(colour(backgroundColour), colour(waveformColour), colour(axisColour))
                .withAxisLabels(!noAxisLabels);
        Long playheadMicros = playhead == null ? null : inputStartMicros + Math.round(playhead * 1e6);
        BufferedImage image = WaveformRenderer.render(columns, startMicros, rate, peak, style, playheadMicros);
        try (OutputStream os = Files.newOutputStream(output)) {
            WaveformRenderer.writePng(image, os);
        }
    }

    private void convertWaveformData(String in, String out, PrintWriter err) throws IOException {
        WaveformData data = in.equals("dat") ? DatFormat.fromBytes(Files.readAllBytes(input))
                : JsonFormat.fromJson(Files.readString(input, StandardCharsets.UTF_8));
        if (!out.equals("png")) {
            write(data, out);
            err.printf(Locale.ROOT, "Converted %d points x %d channel(s)%n", data.length(), data.channels());
            return;
        }
        if (end != null || pixelsPerSecond != null) {
            throw new ParameterException(spec.commandLine(), "images from waveform data take --zoom only");
        }
        int ratio = 1;
        if (zoom != null) {
            if (zoom % data.samplesPerPixel() != 0) {
                throw new ParameterException(spec.commandLine(), "--zoom must be a multiple of the input's "
                        + data.samplesPerPixel() + " samples per pixel");
            }
            ratio = zoom / data.samplesPerPixel();
        }
        int spp = data.samplesPerPixel() * ratio;
        int first = (int) Math.min(data.length(), (long) (start * data.sampleRate() / data.samplesPerPixel()));
        List<Buckets> columns = new ArrayList<>();
        for (int c = 0; c < data.channels(); c++) {
            int n = Math.min(width, (data.length() - first + ratio - 1) / ratio);
            int[] mins = new int[n];
            int[] maxs = new int[n];
            for (int x = 0; x < n; x++) {
                int lo = Integer.MAX_VALUE;
                int hi = Integer.MIN_VALUE;
                for (int i = first + x * ratio; i < Math.min(data.length(), first + (x + 1) * ratio); i++) {
                    lo = Math.min(lo, data.min(i, c));
                    hi = Math.max(hi, data.max(i, c));
                }
                mins[x] = lo;
                maxs[x] = hi;
            }
            columns.add(new Buckets(spp, 0, mins, maxs));
        }
        long inputStart = startTime == null ? 0 : startTime.toEpochMilli() * 1000;
        long startMicros = inputStart + Math.round((double) first * data.samplesPerPixel() / data.sampleRate() * 1e6);
        render(columns, startMicros, data.sampleRate(), data.bits() == 8 ? 127 : 32767, inputStart);
        err.printf(Locale.ROOT, "Samples per pixel: %d, image %dx%d%n", spp, width, height);
    }

    private void write(WaveformData data, String out) throws IOException {
        if (out.equals("dat")) {
            Files.write(output, DatFormat.toBytes(data));
        } else {
            Files.writeString(output, JsonFormat.toJson(data), StandardCharsets.UTF_8);
        }
    }

    private Color colour(String hex) {
        try {
            return hex == null ? null : WaveformStyle.parseColour(hex);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private String format(String given, Path file, List<String> known) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (given != null) {
            String f = given.toLowerCase(Locale.ROOT);
            if (!known.contains(f)) {
                throw new ParameterException(spec.commandLine(), "unknown format " + given + ", want one of " + known);
            }
            return f.equals("miniseed") ? "mseed" : f;
        }
        for (String f : known) {
            if (name.endsWith("." + f)) {
                return f.equals("miniseed") ? "mseed" : f;
            }
        }
        throw new ParameterException(spec.commandLine(), "cannot tell the format of " + file + " from its name; "
                + "want one of " + known + " (or --input-format/--output-format)");
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = WaveformCommand.class.getPackage().getImplementationVersion();
            return new String[] {"waveform (Audifleet) " + (v == null ? "development build" : v)};
        }
    }
}
