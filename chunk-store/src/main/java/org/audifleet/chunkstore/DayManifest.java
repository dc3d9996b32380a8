package org.audifleet.chunkstore;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.audifleet.wire.StreamId;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one day folder of the store holds for one stream ({@code manifest.json}). Every chunk slot
 * the store covers is listed per size, including slots with no data at all: those have
 * {@code samples = 0}, no file ({@code null}), {@code min}/{@code max} of {@code null} in JSON (0 here)
 * and one gap covering the whole chunk. A slot outside what the store covers is simply not listed;
 * readers treat both the same way (all missing).
 *
 * <p>Parsing ignores unknown fields and unknown chunk sizes, so the format can grow without breaking
 * older readers; everything it does read is checked and a problem is reported with its JSON path.
 */
public record DayManifest(StreamId stream, LocalDate date, double sampleRate, String encoding,
        Map<ChunkSize, List<Chunk>> chunks) {

    /** The only encoding the store uses: one zstd frame of Int32 little-endian samples. */
    public static final String ENCODING = "zstd-int32le";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public DayManifest {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(encoding, "encoding");
        if (!(sampleRate > 0) || Double.isInfinite(sampleRate)) {
            throw new IllegalArgumentException("sampleRate must be positive, got " + sampleRate);
        }
        EnumMap<ChunkSize, List<Chunk>> copy = new EnumMap<>(ChunkSize.class);
        if (chunks != null) {
            chunks.forEach((size, list) -> copy.put(size, List.copyOf(list)));
        }
        for (ChunkSize size : ChunkSize.values()) {
            copy.putIfAbsent(size, List.of());
        }
        chunks = Collections.unmodifiableMap(copy);
    }

    /**
     * One chunk slot.
     *
     * @param file    file name inside the day folder, {@code null} when the chunk holds no samples
     * @param samples samples present in the file (grid samples minus gap samples)
     * @param min     smallest sample, 0 when there are none
     * @param max     largest sample, 0 when there are none
     * @param gaps    missing time ranges inside the chunk, in order, end exclusive
     * @param bytes   compressed file size, 0 when there is no file
     */
    public record Chunk(Instant start, Instant end, String file, int samples, int min, int max, List<Gap> gaps,
            long bytes) {

        public Chunk {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            gaps = gaps == null ? List.of() : List.copyOf(gaps);
        }

        public boolean hasData() {
            return samples > 0 && file != null;
        }
    }

    /** A time range, start inclusive and end exclusive. */
    public record Gap(Instant start, Instant end) {

        public Gap {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("gap end " + end + " is not after its start " + start);
            }
        }
    }

    public List<Chunk> chunks(ChunkSize size) {
        return chunks.get(size);
    }

    /** The slot of this size starting at {@code start}, if the manifest lists it. */
    public Optional<Chunk> chunk(ChunkSize size, Instant start) {
        for (Chunk chunk : chunks.get(size)) {
            if (chunk.start().equals(start)) {
                return Optional.of(chunk);
            }
        }
        return Optional.empty();
    }

    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("stream", stream.toString());
        root.put("date", date.toString());
        root.put("sampleRate", sampleRate);
        root.put("encoding", encoding);
        ObjectNode sizes = root.putObject("chunks");
        for (ChunkSize size : ChunkSize.values()) {
            ArrayNode list = sizes.putArray(size.label());
            for (Chunk chunk : chunks.get(size)) {
                ObjectNode node = list.addObject();
                node.put("start", chunk.start().toString());
                node.put("end", chunk.end().toString());
                if (chunk.file() == null) {
                    node.putNull("file");
                } else {
                    node.put("file", chunk.file());
                }
                node.put("samples", chunk.samples());
                if (chunk.samples() == 0) {
                    node.putNull("min");
                    node.putNull("max");
                } else {
                    node.put("min", chunk.min());
                    node.put("max", chunk.max());
                }
                ArrayNode gaps = node.putArray("gaps");
                for (Gap gap : chunk.gaps()) {
                    ObjectNode g = gaps.addObject();
                    g.put("start", gap.start().toString());
                    g.put("end", gap.end().toString());
                }
                node.put("bytes", chunk.bytes());
            }
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    }

    /**
     * Reads and checks a manifest.
     *
     * @throws InvalidManifestException when the bytes are not JSON, a field is missing or has the wrong
     *                                  type, or the chunks contradict the layout (misaligned, wrong day,
     *                                  gaps outside their chunk, a file name with a path in it)
     */
    public static DayManifest parse(byte[] json) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidManifestException("manifest is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidManifestException("manifest must be a JSON object");
        }
        StreamId stream;
        try {
            stream = StreamId.parse(text(root, "stream", "stream"));
        } catch (IllegalArgumentException e) {
            throw new InvalidManifestException("manifest stream: " + e.getMessage(), e);
        }
        LocalDate date;
        String dateText = text(root, "date", "date");
        try {
            date = LocalDate.parse(dateText);
        } catch (DateTimeParseException e) {
            throw new InvalidManifestException("manifest date: '" + dateText + "' is not YYYY-MM-DD", e);
        }
        JsonNode rate = root.get("sampleRate");
        if (rate == null || !rate.isNumber() || !(rate.doubleValue() > 0) || Double.isInfinite(rate.doubleValue())) {
            throw new InvalidManifestException("manifest sampleRate: must be a positive number, got " + rate);
        }
        String encoding = text(root, "encoding", "encoding");
        if (!ENCODING.equals(encoding)) {
            throw new InvalidManifestException(
                    "manifest encoding: '" + encoding + "' is not supported (only " + ENCODING + ")");
        }
        JsonNode chunksNode = root.get("chunks");
        if (chunksNode == null || !chunksNode.isObject()) {
            throw new InvalidManifestException("manifest chunks: must be an object keyed by chunk size (10m, 1h, 6h)");
        }
        EnumMap<ChunkSize, List<Chunk>> chunks = new EnumMap<>(ChunkSize.class);
        for (ChunkSize size : ChunkSize.values()) {
            JsonNode list = chunksNode.get(size.label());
            if (list == null || list.isNull()) {
                continue;
            }
            String where = "chunks." + size.label();
            if (!list.isArray()) {
                throw new InvalidManifestException("manifest " + where + ": must be an array");
            }
            List<Chunk> parsed = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                parsed.add(chunk(list.get(i), size, date, where + "[" + i + "]"));
            }
            chunks.put(size, parsed);
        }
        return new DayManifest(stream, date, rate.doubleValue(), encoding, chunks);
    }

    private static Chunk chunk(JsonNode node, ChunkSize size, LocalDate date, String where) {
        if (!node.isObject()) {
            throw new InvalidManifestException("manifest " + where + ": must be an object");
        }
        Instant start = instant(node, "start", where);
        Instant end = instant(node, "end", where);
        if (!size.isAligned(start) || !ChunkStoreLayout.utcDay(start).equals(date)) {
            throw new InvalidManifestException("manifest " + where + ".start: " + start
                    + " is not the start of a " + size.label() + " chunk on " + date);
        }
        if (!end.equals(start.plus(size.duration()))) {
            throw new InvalidManifestException(
                    "manifest " + where + ".end: " + end + " should be " + start.plus(size.duration()));
        }
        JsonNode fileNode = node.get("file");
        String file = null;
        if (fileNode != null && !fileNode.isNull()) {
            if (!fileNode.isString() || fileNode.stringValue().isEmpty() || fileNode.stringValue().contains("/")
                    || fileNode.stringValue().contains("\\") || fileNode.stringValue().startsWith(".")) {
                throw new InvalidManifestException(
                        "manifest " + where + ".file: must be a plain file name in the day folder, got " + fileNode);
            }
            file = fileNode.stringValue();
        }
        int samples = integer(node, "samples", where, false);
        if (samples < 0) {
            throw new InvalidManifestException("manifest " + where + ".samples: negative");
        }
        if (samples > 0 && file == null) {
            throw new InvalidManifestException("manifest " + where + ": " + samples + " samples but no file");
        }
        int min = integer(node, "min", where, samples == 0);
        int max = integer(node, "max", where, samples == 0);
        if (samples > 0 && min > max) {
            throw new InvalidManifestException("manifest " + where + ": min " + min + " > max " + max);
        }
        JsonNode gapsNode = node.get("gaps");
        List<Gap> gaps = new ArrayList<>();
        if (gapsNode != null && !gapsNode.isNull()) {
            if (!gapsNode.isArray()) {
                throw new InvalidManifestException("manifest " + where + ".gaps: must be an array");
            }
            for (int g = 0; g < gapsNode.size(); g++) {
                String gapWhere = where + ".gaps[" + g + "]";
                JsonNode gapNode = gapsNode.get(g);
                if (!gapNode.isObject()) {
                    throw new InvalidManifestException("manifest " + gapWhere + ": must be an object");
                }
                Instant gapStart = instant(gapNode, "start", gapWhere);
                Instant gapEnd = instant(gapNode, "end", gapWhere);
                if (!gapEnd.isAfter(gapStart) || gapStart.isBefore(start) || gapEnd.isAfter(end)) {
                    throw new InvalidManifestException("manifest " + gapWhere + ": [" + gapStart + ", " + gapEnd
                            + ") is empty or not inside the chunk [" + start + ", " + end + ")");
                }
                gaps.add(new Gap(gapStart, gapEnd));
            }
        }
        JsonNode bytesNode = node.get("bytes");
        long bytes = 0;
        if (bytesNode != null && !bytesNode.isNull()) {
            if (!bytesNode.isIntegralNumber() || !bytesNode.canConvertToLong() || bytesNode.longValue() < 0) {
                throw new InvalidManifestException("manifest " + where + ".bytes: must be a non-negative integer");
            }
            bytes = bytesNode.longValue();
        }
        return new Chunk(start, end, file, samples, min, max, gaps, bytes);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString()) {
            throw new InvalidManifestException("manifest " + where + ": missing or not a string");
        }
        return value.stringValue();
    }

    private static Instant instant(JsonNode node, String field, String where) {
        String value = text(node, field, where + "." + field);
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidManifestException(
                    "manifest " + where + "." + field + ": '" + value + "' is not an ISO-8601 UTC instant", e);
        }
    }

    private static int integer(JsonNode node, String field, String where, boolean nullable) {
        JsonNode value = node.get(field);
        if (nullable && (value == null || value.isNull())) {
            return 0;
        }
        if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new InvalidManifestException("manifest " + where + "." + field + ": missing or not a 32-bit integer");
        }
        return value.intValue();
    }
}
