package org.audifleet.codec;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.audifleet.codec.mseed.IntegrityPolicy;
import org.audifleet.codec.mseed.MseedFormatException;
import org.audifleet.codec.mseed.MseedReader;

/**
 * {@code bin/decode FILE...}: prints what the decoder makes of each file in the layout of libmseed's reference
 * dumps, so the two can be diffed. Exit 0 when every file decoded, 2 when any failed, 1 on a usage error.
 */
public final class DecodeCommand {
    static final int OK = 0;
    static final int USAGE = 1;
    static final int DECODE_FAILED = 2;

    private static final String HELP = """
            Usage: decode [--lenient] [--verbose] FILE...
            Decodes miniSEED 2 and 3 files and chunk-store chunks (*.i32.zst: one zstd frame of Int32 LE samples; stream,
            start and size from the file name, rate and gaps from the manifest.json beside it) and prints every record
            (for a chunk: every run of samples between gaps, fmt=zst enc=zstd-int32le) as libmseed's reference dumps do:
              # REC off=.. reclen=.. fmt=.. enc=<code>(<name>) swap=.. sid=.. start=.. rate=.. samplecnt=.. numsamples=.. type=..
            then one sample per line (%d, %.9g float32, %.17g float64) or the raw text.
            On a corrupt or unsupported record the records before it are printed, then one line on stderr names
            the file, the byte offset and the reason; the exit code is 2.
              --lenient  keep the samples of a Steim record whose last sample differs from Xn (warn on stderr),
                         as libmseed does; by default that is an error. Implies --verbose.
              -v, --verbose  also print warnings (broken blockette chains, missing blockette 1000) on stderr
              -h, --help show this help
            """;

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

    private DecodeCommand() {
    }

    public static void main(String[] args) {
        PrintStream stdout = System.out;
        int code = run(args, stdout, System.err);
        stdout.flush();
        System.exit(code);
    }

    /** Runs the command; {@code out} receives the dumps, {@code err} help text errors and warnings. */
    static int run(String[] args, OutputStream out, PrintStream err) {
        IntegrityPolicy integrity = IntegrityPolicy.FAIL;
        boolean verbose = false;
        List<Path> files = new ArrayList<>();
        boolean options = true;
        for (String arg : args) {
            if (options && (arg.equals("-h") || arg.equals("--help"))) {
                PrintStream p = new PrintStream(out, true);
                p.print(HELP);
                p.flush();
                return OK;
            } else if (options && arg.equals("--lenient")) {
                integrity = IntegrityPolicy.WARN;
                verbose = true;
            } else if (options && (arg.equals("-v") || arg.equals("--verbose"))) {
                verbose = true;
            } else if (options && arg.equals("--")) {
                options = false;
            } else if (options && arg.startsWith("-") && arg.length() > 1) {
                err.println("decode: unknown option " + arg + " (try --help)");
                return USAGE;
            } else {
                files.add(Path.of(arg));
            }
        }
        if (files.isEmpty()) {
            err.println("decode: no input files (try --help)");
            return USAGE;
        }
        int code = OK;
        BufferedOutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        RecordDump dump = new RecordDump(buffered);
        boolean printWarnings = verbose;
        for (Path file : files) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                in.mark(64);
                byte[] head = new byte[64];
                int n = in.readNBytes(head, 0, head.length);
                in.reset();
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
}
