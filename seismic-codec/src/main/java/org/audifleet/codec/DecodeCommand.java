package org.audifleet.codec;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

import org.audifleet.chunkstore.ChunkFile;
import org.audifleet.codec.mseed.IntegrityPolicy;
import org.audifleet.codec.mseed.MseedFormatException;
import org.audifleet.codec.mseed.MseedReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/decode FILE...}: prints what the decoder makes of each file in the layout of libmseed's reference
 * dumps, so the two can be diffed. Exit 0 when every file decoded, 2 when any failed or the command line is wrong.
 */
@Command(name = "decode", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        versionProvider = DecodeCommand.Version.class,
        description = {
            "Decodes miniSEED 2 and 3 files and chunk-store chunks (*.i32.zst: one zstd frame of Int32 LE samples;"
                + " stream, start and size from the file name, rate and gaps from the manifest.json beside it) and"
                + " prints every record (for a chunk: every run of samples between gaps, fmt=zst"
                + " enc=zstd-int32le) as libmseed's reference dumps do:",
            "  # REC off=.. reclen=.. fmt=.. enc=<code>(<name>) swap=.. sid=.. start=..",
            "        rate=.. samplecnt=.. numsamples=.. type=..",
            "then one sample per line (%%d, %%.9g float32, %%.17g float64) or the raw text.",
            "On a corrupt or unsupported record the records before it are printed, then one line on stderr names"
                + " the file, the byte offset and the reason; the exit code is 2. So it is for an empty file, a"
                + " chunk whose zstd frame is cut or corrupt, and one that declares or holds more samples than its"
                + " manifest entry's grid, or without one more than " + ChunkFile.MAX_UNLISTED_SAMPLES
                + " (decoded-size-exceeds-window): reading stops there."},
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  every file decoded",
            "  2  a file failed to decode (corrupt, cut, bigger than its chunk, empty;",
            "     the others are still printed), or a usage error"})
public final class DecodeCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int DECODE_FAILED = 2;
    /** picocli's code for invalid input, as in bin/waveform and bin/player-agent. */
    static final int USAGE = 2;

    /**
     * One input format the command can dump. The chunk store's zstd chunks are meant to plug in here: add an
     * implementation that recognises their header and register it in {@link #FORMATS} before miniSEED, which
     * accepts anything.
     */
    interface InputFormat {
        /** Whether the first bytes of a file (up to 64, fewer for short files) belong to this format. */
        boolean recognises(byte[] head, int length);

        /** Writes every record of the input ({@code file} names it, for formats that keep metadata beside it). */
        void dump(Path file, InputStream in, RecordDump out, IntegrityPolicy integrity, Consumer<String> warnings)
                throws IOException;
    }

    static final class MseedInput implements InputFormat {
        @Override
        public boolean recognises(byte[] head, int length) {
            return true;
        }

        @Override
        public void dump(Path file, InputStream in, RecordDump out, IntegrityPolicy integrity,
                Consumer<String> warnings) throws IOException {
            try {
                new MseedReader(integrity, warnings).readAll(in, record -> {
                    try {
                        out.write(record);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    static final List<InputFormat> FORMATS = List.of(new ChunkStoreInput(), new MseedInput());

    @Option(names = "--lenient", description = "Keep the samples of a Steim record whose last sample differs from"
            + " Xn (warn on stderr), as libmseed does; by default that is an error. Implies --verbose.")
    boolean lenient;

    @Option(names = {"-v", "--verbose"},
            description = "Also print warnings (broken blockette chains, missing blockette 1000) on stderr.")
    boolean verbose;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "miniSEED files or chunk-store chunks.")
    List<Path> files;

    private final OutputStream out;
    private final PrintStream err;

    private DecodeCommand(OutputStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintStream stdout = System.out;
        int code = run(args, stdout, System.err);
        stdout.flush();
        System.exit(code);
    }

    /** Runs the command; {@code out} receives the dumps and the help, {@code err} errors and warnings. */
    static int run(String[] args, OutputStream out, PrintStream err) {
        PrintWriter help = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        CommandLine cl = new CommandLine(new DecodeCommand(out, err))
                .setOut(help)
                .setErr(new PrintWriter(err, true))
                // A usage error is one line naming the problem, not the whole help; an unknown option is named
                // even when picocli reports the missing FILE first.
                .setParameterExceptionHandler((e, given) -> {
                    List<String> unknown = e.getCommandLine().getUnmatchedArguments();
                    String problem = unknown.isEmpty() ? e.getMessage() : "Unknown option: '" + unknown.get(0) + "'";
                    e.getCommandLine().getErr().println("decode: " + problem + " (try --help)");
                    return USAGE;
                });
        int code = cl.execute(args);
        help.flush();
        return code;
    }

    @Override
    public Integer call() {
        IntegrityPolicy integrity = lenient ? IntegrityPolicy.WARN : IntegrityPolicy.FAIL;
        boolean printWarnings = verbose || lenient;
        int code = OK;
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        RecordDump dump = new RecordDump(buffered);
        for (Path file : files) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                in.mark(64);
                byte[] head = new byte[64];
                int n = in.readNBytes(head, 0, head.length);
                in.reset();
                if (n == 0) {
                    err.println("decode: " + file + ": empty file, no records");
                    code = DECODE_FAILED;
                    continue;
                }
                InputFormat format = FORMATS.stream().filter(f -> f.recognises(head, n)).findFirst().orElseThrow();
                format.dump(file, in, dump, integrity, warning -> {
                    if (printWarnings) {
                        flushQuietly(buffered);
                        err.println("decode: " + file + ": warning: " + warning);
                    }
                });
            } catch (MseedFormatException e) {
                flushQuietly(buffered);
                err.println("decode: " + file + ": byte offset " + e.offset() + ": " + e.reason());
                code = DECODE_FAILED;
            } catch (IOException e) {
                flushQuietly(buffered);
                err.println("decode: " + file + ": " + e);
                code = DECODE_FAILED;
            } catch (RuntimeException e) {
                // Input no reader anticipated: still one line naming the file, not a stack trace.
                flushQuietly(buffered);
                err.println("decode: " + file + ": cannot decode: " + e);
                code = DECODE_FAILED;
            }
        }
        flushQuietly(buffered);
        return code;
    }

    private static void flushQuietly(OutputStream out) {
        try {
            out.flush();
        } catch (IOException e) {
            // stdout gone (e.g. head closed the pipe): nothing left to report to
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = DecodeCommand.class.getPackage().getImplementationVersion();
            return new String[] {"decode (Audifleet) " + (v == null ? "development build" : v)};
        }
    }
}
