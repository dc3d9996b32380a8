package org.audifleet.waveform.cli;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.audifleet.waveform.format.DatFormat;
import org.audifleet.waveform.format.JsonFormat;
import org.audifleet.waveform.format.WaveformData;
import org.audifleet.waveform.format.WaveformWriter;
import org.audifleet.waveform.image.WaveformRenderer;
import org.audifleet.waveform.image.WaveformStyle;
import org.audifleet.waveform.pyramid.Buckets;
import org.audifleet.signal.Detrend;

/**
 * Offline waveform tool, {@code bin/waveform}. Options it shares with audiowaveform have audiowaveform's names
 * and meanings, so {@code -h} is the image height and help is {@code --help} only.
 */
public final class WaveformCommand {

    private static final String SYNOPSIS = "waveform -i FILE -o FILE [OPTION...]";
    private static final String DESCRIPTION = "Min/max waveform data (.dat, .json) or a PNG image from a 16-bit "
            + "WAV file, a chunk-store chunk (*.i32.zst), miniSEED 2 or 3 (.mseed, .mseed2, .mseed3, .miniseed) or "
            + "waveform data (.dat, .json).";
    private static final OptionParser OPTIONS = new OptionParser()
            .flag("Show this help message.", "--help")
            .flag("Show version information.", "-v", "--version")
            .value("FILE", "Input: .wav (16-bit PCM), .i32.zst (chunk), .mseed/.mseed2/.mseed3/.miniseed, .dat or "
                    + ".json.", "-i", "--input-filename")
            .value("FILE", "Output: .dat, .json or .png.", "-o", "--output-filename")
            .value("FORMAT", "wav, i32.zst, mseed (also mseed2, mseed3, miniseed), dat or json (default: from the "
                    + "file name).", "--input-format")
            .value("FORMAT", "dat, json or png (default: from the file name).", "--output-format")
            .value("N", "Samples per pixel (default: 256). Not with --pixels-per-second or --end.", "-z", "--zoom")
            .value("N", "Pixels per second of input (samples per pixel = sample rate / N, integer division).",
                    "--pixels-per-second")
            .value("8|16", "Bits per output value (default: 16).", "-b", "--bits")
            .value("1|2", "Version of a .dat output (default: 1 for one output channel, 2 for more, as "
                    + "audiowaveform writes).", "--dat-version")
            .value("SECONDS", "Image start, seconds from the start of the input (default: 0).", "-s", "--start")
            .value("SECONDS", "Image end, seconds from the start of the input; sets the zoom to fit --width.",
                    "-e", "--end")
            .value("PX", "Image width (default: 800).", "-w", "--width")
            .value("PX", "Image height (default: 250).", "-h", "--height")
            .flag("One waveform per input channel instead of their mix.", "--split-channels")
            .value("RRGGBB[AA]", "Image background colour.", "--background-color")
            .value("RRGGBB[AA]", "Waveform colour.", "--waveform-color")
            .value("RRGGBB[AA]", "Axis, labels and border colour.", "--axis-label-color")
            .flag("No time axis and border.", "--no-axis-labels")
            .value("HZ", "Sample rate of an .i32.zst chunk (default: 100).", "--sample-rate")
            .value("NET.STA.LOC.CHA", "miniSEED stream to read, blank location as XX.STA..HHZ (default: the "
                    + "stream of the first record with samples).", "--stream")
            .value("INSTANT", "UTC time of the first sample, e.g. 2024-03-01T00:00:00Z, for the image's time axis "
                    + "(default: the record time for miniSEED, else 1970-01-01T00:00:00Z, so labels read as "
                    + "elapsed time).", "--start-time")
            .value("none|mean|linear", "Remove the whole input's mean or least-squares line first (default: "
                    + "none).", "--detrend")
            .value("HZ", "Causal 2nd-order Butterworth high-pass corner, e.g. 0.01, 0.02, 0.045.", "--highpass")
            .value("SECONDS", "Draw a playhead this many seconds into the input.", "--playhead");

    private final PrintWriter err;
    private Path input;
    private Path output;
    private String inputFormat;
    private String outputFormat;
    private Integer zoom;
    private Integer pixelsPerSecond;
    private int bits;
    private Integer datVersion;
    private double start;
    private Double end;
    private int width;
    private int height;
    private boolean splitChannels;
    private String backgroundColour;
    private String waveformColour;
    private String axisColour;
    private boolean noAxisLabels;
    private double sampleRate;
    private String stream;
    private Instant startTime;
    private String detrend;
    private Double highPassHz;
    private Double playhead;

    private WaveformCommand(PrintWriter err) {
        this.err = err;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        if (args.length > 0 && args[0].equals("spectrogram")) { // bin/waveform spectrogram: SpectrogramCommand
            System.exit(SpectrogramCommand.run(out, err, Arrays.copyOfRange(args, 1, args.length)));
        }
        System.exit(run(out, err, args));
    }

    /**
     * Runs one command line: 0 done; 1 the input could not be read or the output written ({@code Error: ...} on
     * {@code err}); 2 a usage error, one line naming it.
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return OptionParser.run(out, err, "waveform", () -> {
            OptionParser.Parsed parsed = OPTIONS.parse(args, "--input-filename", "--output-filename");
            if (parsed.has("--help")) {
                out.print(OPTIONS.usage(SYNOPSIS, DESCRIPTION));
                return 0;
            }
            if (parsed.has("--version")) {
                out.println(version());
                return 0;
            }
            WaveformCommand command = new WaveformCommand(err);
            command.configure(parsed);
            return command.call();
        });
    }

    private void configure(OptionParser.Parsed p) {
        input = Path.of(p.string("--input-filename", null));
        output = Path.of(p.string("--output-filename", null));
        inputFormat = p.string("--input-format", null);
        outputFormat = p.string("--output-format", null);
        zoom = p.integer("--zoom", null);
        pixelsPerSecond = p.integer("--pixels-per-second", null);
        bits = p.integer("--bits", 16);
        datVersion = p.integer("--dat-version", null);
        start = p.number("--start", 0.0);
        end = p.number("--end", null);
        width = p.integer("--width", 800);
        height = p.integer("--height", 250);
        splitChannels = p.has("--split-channels");
        backgroundColour = p.string("--background-color", null);
        waveformColour = p.string("--waveform-color", null);
        axisColour = p.string("--axis-label-color", null);
        noAxisLabels = p.has("--no-axis-labels");
        sampleRate = p.number("--sample-rate", 100.0);
        stream = p.string("--stream", null);
        String time = p.string("--start-time", null);
        try {
            startTime = time == null ? null : Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new OptionParser.UsageException("Invalid value for option '--start-time': '" + time
                    + "' is not a UTC instant such as 2024-03-01T00:00:00Z");
        }
        detrend = p.string("--detrend", "none").toLowerCase(Locale.ROOT);
        if (!List.of("none", "mean", "linear").contains(detrend)) {
            throw new OptionParser.UsageException("Invalid value for option '--detrend': '" + detrend
                    + "', want none, mean or linear");
        }
        highPassHz = p.number("--highpass", null);
        playhead = p.number("--playhead", null);
    }

    private int call() throws IOException {
        if (bits != 8 && bits != 16) {
            throw new OptionParser.UsageException("--bits must be 8 or 16");
        }
        int given = (zoom != null ? 1 : 0) + (pixelsPerSecond != null ? 1 : 0) + (end != null ? 1 : 0);
        if (given > 1) {
            throw new OptionParser.UsageException("use only one of --zoom, --pixels-per-second, --end");
        }
        String in = format(inputFormat, input,
                List.of("i32.zst", "wav", "mseed", "mseed2", "mseed3", "miniseed", "dat", "json"));
        String out = format(outputFormat, output, List.of("dat", "json", "png"));
        if (in.equals("dat") || in.equals("json")) {
            convertWaveformData(in, out, err);
            return 0;
        }
        Trace trace = read(in);
        Detrend.Mode mode = Detrend.Mode.valueOf(detrend.toUpperCase(Locale.ROOT));
        TracePass pass = new TracePass(trace, !splitChannels, mode, highPassHz == null ? 0 : highPassHz);
        if (datVersion != null && (datVersion < 1 || datVersion > 2 || datVersion == 1 && pass.outputs() > 1)) {
            throw new OptionParser.UsageException("--dat-version must be 1 (one output channel) or 2");
        }
        // Concatenation rather than printf on the path of every run: Formatter's set-up is start-up time.
        err.println("Input: " + pass.outputs() + " channel(s), " + trace.frames() + " samples, "
                + fmt(trace.sampleRate()) + " Hz");
        if (!trace.gaps().isEmpty()) {
            long missing = trace.gaps().stream().mapToLong(Recording.Gap::length).sum();
            err.printf(Locale.ROOT, "Gaps: %d, %d samples missing%n", trace.gaps().size(), missing);
        }
        if (out.equals("png")) {
            renderAudio(pass, err);
        } else {
            int spp = samplesPerPixel(trace.sampleRate());
            TraceMinMax.Written w = TraceMinMax.write(pass, spp, bits, datVersion, out.equals("json"), output);
            err.println("Samples per pixel: " + spp + ", output channels: " + w.channels() + ", bits: " + bits);
            err.println("Generated " + w.points() + " points");
        }
        return 0;
    }

    private Trace read(String format) throws IOException {
        long startMicros = startTime == null ? 0 : startTime.getEpochSecond() * 1_000_000L + startTime.getNano() / 1000;
        switch (format) {
            case "wav":
                return WavFile.open(input, startMicros);
            case "i32.zst":
                return ChunkInput.open(input, sampleRate, startMicros);
            default:
                String[] id = {null};
                Trace trace = MseedInput.open(input, stream, w -> err.println("Warning: " + w), i -> id[0] = i);
                err.println("Stream: " + id[0] + ", first sample " + Instant.ofEpochSecond(0, trace.startMicros() * 1000));
                return trace;
        }
    }

    private int samplesPerPixel(double rate) {
        int spp;
        if (pixelsPerSecond != null) {
            if (pixelsPerSecond <= 0) {
                throw new OptionParser.UsageException("--pixels-per-second must be greater than zero");
            }
            spp = (int) rate / pixelsPerSecond;
        } else {
            spp = zoom == null ? 256 : zoom;
        }
        if (spp < 2) {
            throw new OptionParser.UsageException("invalid zoom: minimum 2 samples per pixel, got " + spp);
        }
        return spp;
    }

    private void renderAudio(TracePass pass, PrintWriter err) throws IOException {
        Trace rec = pass.trace();
        long from = Math.min(rec.frames(), Math.round(start * rec.sampleRate()));
        int spp;
        if (end != null) {
            if (end <= start) {
                throw new OptionParser.UsageException("--end must be after --start");
            }
            long frames = Math.round((end - start) * rec.sampleRate());
            spp = (int) Math.max(2, (frames + width - 1) / width);
        } else {
            spp = samplesPerPixel(rec.sampleRate());
        }
        List<Buckets> columns = TraceMinMax.columns(pass, spp, from, (long) spp * width);
        // --start-time relabels the axis; for miniSEED it replaces the record time.
        long traceStart = startTime == null ? rec.startMicros()
                : startTime.getEpochSecond() * 1_000_000L + startTime.getNano() / 1000;
        long startMicros = traceStart + Math.round(from / rec.sampleRate() * 1e6);
        // The image is scaled to its own peak: a seismic trace has no fixed full scale.
        render(columns, startMicros, rec.sampleRate(), TraceMinMax.peak(columns), traceStart);
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
            throw new OptionParser.UsageException("images from waveform data take --zoom only");
        }
        int ratio = 1;
        if (zoom != null) {
            if (zoom % data.samplesPerPixel() != 0) {
                throw new OptionParser.UsageException("--zoom must be a multiple of the input's "
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
            int version = datVersion != null ? datVersion : WaveformWriter.audiowaveformDatVersion(data.channels());
            Files.write(output, DatFormat.toBytes(data, version));
        } else {
            // A newline at the end, as audiowaveform writes it.
            Files.writeString(output, JsonFormat.toJson(data) + "\n", StandardCharsets.UTF_8);
        }
    }

    private Color colour(String hex) {
        try {
            return hex == null ? null : WaveformStyle.parseColour(hex);
        } catch (IllegalArgumentException e) {
            throw new OptionParser.UsageException(e.getMessage());
        }
    }

    private String format(String given, Path file, List<String> known) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (given != null) {
            String f = given.toLowerCase(Locale.ROOT);
            if (!known.contains(f)) {
                throw new OptionParser.UsageException("unknown format " + given + ", want one of " + known);
            }
            return f.equals("miniseed") ? "mseed" : f;
        }
        for (String f : known) {
            if (name.endsWith("." + f)) {
                return f.equals("miniseed") ? "mseed" : f;
            }
        }
        throw new OptionParser.UsageException("cannot tell the format of " + file + " from its name; "
                + "want one of " + known + " (or --input-format/--output-format)");
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String version() {
        String v = WaveformCommand.class.getPackage().getImplementationVersion();
        return "waveform (Audifleet) " + (v == null ? "development build" : v);
    }
}
