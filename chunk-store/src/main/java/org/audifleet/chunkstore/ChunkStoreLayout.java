package org.audifleet.chunkstore;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.audifleet.wire.StreamId;

/**
 * Where things live in the chunk store, as paths relative to its root with {@code '/'} separators
 * (the same strings serve as URL paths under an HTTP origin and as file paths under a folder).
 *
 * <pre>
 * {YYYY}/{MM}/{DD}/{NET}/{STA}/{LOC or --}/{CHA}/manifest.json
 * {YYYY}/{MM}/{DD}/{NET}/{STA}/{LOC or --}/{CHA}/{NET}.{STA}.{LOC}.{CHA}.{YYYYMMDD}T{HHMMSS}Z.{size}.i32.zst
 * </pre>
 *
 * A blank location is {@code --} in the folder (a path segment cannot be empty) but stays empty in
 * the file name, which is the FDSN stream code ({@code XX.DEMO..HHZ}) followed by the chunk start
 * ({@link ChunkFile.Name} owns the file name).
 */
public final class ChunkStoreLayout {

    public static final String MANIFEST_FILE = "manifest.json";
    static final String BLANK_LOCATION = "--";

    private static final DateTimeFormatter DAY_FOLDERS = DateTimeFormatter.ofPattern("uuuu/MM/dd");

    private ChunkStoreLayout() {
    }

    /** The day folder, without a trailing slash: {@code 2024/01/01/XX/DEMO/--/HHZ}. */
    public static String dayDirectory(StreamId stream, LocalDate day) {
        String location = stream.location().isEmpty() ? BLANK_LOCATION : stream.location();
        return DAY_FOLDERS.format(day) + "/" + stream.network() + "/" + stream.station() + "/" + location + "/"
                + stream.channel();
    }

    public static String manifestPath(StreamId stream, LocalDate day) {
        return dayDirectory(stream, day) + "/" + MANIFEST_FILE;
    }

    /** The chunk's file ({@link ChunkFile.Name}) in its day folder; the start must be aligned to the size. */
    public static String chunkPath(StreamId stream, Instant chunkStart, ChunkSize size) {
        String name = new ChunkFile.Name(stream, chunkStart, size).toString();
        return dayDirectory(stream, utcDay(chunkStart)) + "/" + name;
    }

    /** The UTC day an instant falls on: the day folder its chunk lives in. */
    public static LocalDate utcDay(Instant time) {
        return LocalDate.ofInstant(time, ZoneOffset.UTC);
    }
}
