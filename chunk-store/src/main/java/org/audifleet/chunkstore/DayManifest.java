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

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * What one day folder of the store holds for one stream ({@code manifest.json}). Every chunk slot
 * the store covers is listed per size, including slots with no data at all: those have
 * {@code samples = 0}, no file ({@code null}), {@code min}/{@code max} of {@code null} in JSON (0 here)
 * and one gap covering the whole chunk. A slot outside what the store covers is simply not listed;
 * readers treat both the same way (all missing).
 *
 * <p>Jackson binds the JSON to the private {@code *Json} records below, strictly (no number from a
 * string, no string from a number, no fraction as an integer) but ignoring unknown fields and unknown
 * chunk sizes, so the format can grow without breaking older readers; this class adds the checks the
 * layout implies. Every problem is reported with its JSON path.
 */
public record DayManifest(StreamId stream, LocalDate date, double sampleRate, String encoding,
        Map<ChunkSize, List<Chunk>> chunks) {

    /** The only encoding the store uses: one zstd frame of Int32 little-endian samples. */
    public static final String ENCODING = "zstd-int32le";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
            // Instants are ISO-8601 strings only: Jackson's own reader also takes epoch numbers.
            .addModule(new SimpleModule().addDeserializer(Instant.class, new ValueDeserializer<>() {
                @Override
                public Instant deserialize(JsonParser p, DeserializationContext context) {
                    if (!p.hasToken(JsonToken.VALUE_STRING)) {
                        return (Instant) context.handleUnexpectedToken(Instant.class, p);
                    }
                    try {
                        return Instant.parse(p.getString());
                    } catch (DateTimeParseException e) {
                        return (Instant) context.handleWeirdStringValue(Instant.class, p.getString(), e.getMessage());
                    }
                }
            }))
            .build();

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
     * @param frames  where the file's frames start, {@code null} when the file is one frame (or the store does
     *                not say)
     */
    public record Chunk(Instant start, Instant end, String file, int samples, int min, int max, List<Gap> gaps,
            long bytes, ChunkFile.Frames frames) {

        public Chunk {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            gaps = gaps == null ? List.of() : List.copyOf(gaps);
        }

        /** A chunk whose file is one frame. */
        public Chunk(Instant start, Instant end, String file, int samples, int min, int max, List<Gap> gaps,
                long bytes) {
            this(start, end, file, samples, min, max, gaps, bytes, null);
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
        List<List<ChunkJson>> lists = new ArrayList<>();
        for (ChunkSize size : ChunkSize.values()) {
            List<ChunkJson> list = new ArrayList<>();
            for (Chunk c : chunks.get(size)) {
                List<GapJson> gaps = c.gaps().stream().map(g -> new GapJson(g.start(), g.end())).toList();
                boolean empty = c.samples() == 0;
                FramesJson frames = c.frames() == null ? null
                        : new FramesJson(c.frames().samples(), c.frames().offsets());
                list.add(new ChunkJson(c.start(), c.end(), c.file(), c.samples(), empty ? null : c.min(),
                        empty ? null : c.max(), gaps, c.bytes(), frames));
            }
            lists.add(list);
        }
        ManifestJson json = new ManifestJson(stream.toString(), date, sampleRate, encoding,
                new SizesJson(lists.get(0), lists.get(1), lists.get(2)));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
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
        ManifestJson bound;
        try {
            bound = JSON.readValue(json, ManifestJson.class);
        } catch (InputCoercionException e) {
            throw new InvalidManifestException("manifest " + where(e) + ": " + e.getOriginalMessage(), e);
        } catch (StreamReadException e) {
            throw new InvalidManifestException("manifest is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (DatabindException e) {
            if (e.getPath().isEmpty()) {
                throw new InvalidManifestException("manifest must be a JSON object", e);
            }
            throw new InvalidManifestException("manifest " + where(e) + ": " + problem(e), e);
        } catch (JacksonException e) {
            // Not a read or bind problem: bytes that are not text in any encoding Jackson detects (e.g. UTF-32 junk).
            throw new InvalidManifestException("manifest is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (bound == null) {
            throw new InvalidManifestException("manifest must be a JSON object");
        }
        return bound.toManifest();
    }

    /** The JSON path Jackson was at, as {@code chunks.10m[1].gaps[0].start}. */
    private static String where(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference step : e.getPath()) {
            if (step.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(step.getPropertyName());
            } else {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String problem(DatabindException e) {
        Class<?> type = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        String wanted = type == null ? null
                : type == Instant.class ? "an ISO-8601 UTC instant"
                : type == LocalDate.class ? "YYYY-MM-DD"
                : type == int.class || type == Integer.class ? "a 32-bit integer"
                : type == long.class || type == Long.class ? "an integer"
                : type == double.class ? "a number"
                : type == String.class ? "a string"
                : List.class.isAssignableFrom(type) ? "an array" : "an object";
        if (e instanceof InvalidFormatException f && wanted != null) {
            return "'" + f.getValue() + "' is not " + wanted;
        }
        if (wanted != null && e.getOriginalMessage().startsWith("Missing required")) {
            return "missing";
        }
        return wanted != null ? "must be " + wanted : e.getOriginalMessage();
    }

    private static InvalidManifestException invalid(String where, String problem) {
        return new InvalidManifestException("manifest " + where + ": " + problem);
    }

    // manifest.json as it is written, field by field (see chunk-store/README.md); nulls only where noted.

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"stream", "date", "sampleRate", "encoding", "chunks"})
    // Required means present and not null (found by DayManifestFuzzTests: "end": null reached the checks as null).
    private record ManifestJson(@JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String stream,
            @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) LocalDate date,
            @JsonProperty(required = true) double sampleRate,
            @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) String encoding,
            @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) SizesJson chunks) {

        DayManifest toManifest() {
            StreamId id;
            try {
                id = StreamId.parse(stream);
            } catch (IllegalArgumentException e) {
                throw new InvalidManifestException("manifest stream: " + e.getMessage(), e);
            }
            if (!(sampleRate > 0) || Double.isInfinite(sampleRate)) {
                throw invalid("sampleRate", "must be a positive number, got " + sampleRate);
            }
            if (!ENCODING.equals(encoding)) {
                throw invalid("encoding", "'" + encoding + "' is not supported (only " + ENCODING + ")");
            }
            EnumMap<ChunkSize, List<Chunk>> bound = new EnumMap<>(ChunkSize.class);
            for (ChunkSize size : ChunkSize.values()) {
                List<ChunkJson> list = chunks.of(size);
                List<Chunk> checked = new ArrayList<>(list == null ? 0 : list.size());
                for (int i = 0; list != null && i < list.size(); i++) {
                    String where = "chunks." + size.label() + "[" + i + "]";
                    if (list.get(i) == null) {
                        throw invalid(where, "must be an object");
                    }
                    checked.add(list.get(i).toChunk(size, date, where));
                }
                bound.put(size, checked);
            }
            return new DayManifest(id, date, sampleRate, encoding, bound);
        }
    }

    /** Unknown size keys are ignored, so a store may add sizes without breaking this reader. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"10m", "1h", "6h"})
    private record SizesJson(@JsonProperty("10m") List<ChunkJson> tenMinutes,
            @JsonProperty("1h") List<ChunkJson> oneHour, @JsonProperty("6h") List<ChunkJson> sixHours) {

        List<ChunkJson> of(ChunkSize size) {
            return switch (size) {
                case TEN_MINUTES -> tenMinutes;
                case ONE_HOUR -> oneHour;
                case SIX_HOURS -> sixHours;
            };
        }
    }

    /** {@code file}, {@code min}, {@code max} are null for a slot without data; {@code gaps}, {@code bytes} optional. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"start", "end", "file", "samples", "min", "max", "gaps", "bytes", "frames"})
    private record ChunkJson(@JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) Instant start,
            @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) Instant end,
            String file, @JsonProperty(required = true) int samples, Integer min, Integer max, List<GapJson> gaps,
            Long bytes, @JsonInclude(JsonInclude.Include.NON_NULL) FramesJson frames) {

        Chunk toChunk(ChunkSize size, LocalDate date, String where) {
            if (!size.isAligned(start) || !ChunkStoreLayout.utcDay(start).equals(date)) {
                throw invalid(where + ".start", start + " is not the start of a " + size.label() + " chunk on " + date);
            }
            if (!end.equals(start.plus(size.duration()))) {
                throw invalid(where + ".end", end + " should be " + start.plus(size.duration()));
            }
            if (file != null && (file.isEmpty() || file.contains("/") || file.contains("\\") || file.startsWith("."))) {
                throw invalid(where + ".file", "must be a plain file name in the day folder, got '" + file + "'");
            }
            if (samples < 0) {
                throw invalid(where + ".samples", "negative");
            }
            if (samples > 0 && file == null) {
                throw invalid(where, samples + " samples but no file");
            }
            if (samples > 0 && (min == null || max == null)) {
                throw invalid(where + "." + (min == null ? "min" : "max"), "missing or not a 32-bit integer");
            }
            if (samples > 0 && min > max) {
                throw invalid(where, "min " + min + " > max " + max);
            }
            List<Gap> checked = new ArrayList<>();
            for (int g = 0; gaps != null && g < gaps.size(); g++) {
                GapJson gap = gaps.get(g);
                String gapWhere = where + ".gaps[" + g + "]";
                if (gap == null) {
                    throw invalid(gapWhere, "must be an object");
                }
                if (!gap.end().isAfter(gap.start()) || gap.start().isBefore(start) || gap.end().isAfter(end)) {
                    throw invalid(gapWhere, "[" + gap.start() + ", " + gap.end()
                            + ") is empty or not inside the chunk [" + start + ", " + end + ")");
                }
                checked.add(new Gap(gap.start(), gap.end()));
            }
            if (bytes != null && bytes < 0) {
                throw invalid(where + ".bytes", "must be a non-negative integer");
            }
            ChunkFile.Frames checkedFrames = frames == null ? null : frames.toFrames(where + ".frames", samples,
                    bytes == null ? 0 : bytes);
            if (checkedFrames != null && file == null) {
                throw invalid(where + ".frames", "listed for a slot without a file");
            }
            return new Chunk(start, end, file, samples, samples == 0 ? 0 : min, samples == 0 ? 0 : max, checked,
                    bytes == null ? 0 : bytes, checkedFrames);
        }
    }

    /** A file's frames: {@code samples} per frame, each frame's first byte; both required. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"samples", "offsets"})
    private record FramesJson(@JsonProperty(required = true) int samples,
            @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL, contentNulls = Nulls.FAIL)
            List<Long> offsets) {

        /** One frame per {@code samples} stored samples, each inside the file (when its size is listed). */
        ChunkFile.Frames toFrames(String where, int stored, long fileBytes) {
            if (samples < 1) {
                throw invalid(where + ".samples", "must be at least 1, got " + samples);
            }
            long expected = ((long) stored + samples - 1) / samples;
            if (offsets.size() != expected) {
                throw invalid(where + ".offsets", offsets.size() + " frame(s) listed, but " + stored + " samples in "
                        + "frames of " + samples + " are " + expected);
            }
            if (fileBytes > 0 && !offsets.isEmpty() && offsets.get(offsets.size() - 1) >= fileBytes) {
                throw invalid(where + ".offsets", "the last frame starts at byte " + offsets.get(offsets.size() - 1)
                        + ", not inside the file's " + fileBytes + " bytes");
            }
            try {
                return new ChunkFile.Frames(samples, offsets);
            } catch (IllegalArgumentException e) {
                throw invalid(where + ".offsets", e.getMessage());
            }
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"start", "end"})
    private record GapJson(@JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) Instant start,
            @JsonProperty(required = true) @JsonSetter(nulls = Nulls.FAIL) Instant end) {
    }
}
