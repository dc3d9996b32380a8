package org.audifleet.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.audifleet.wire.StreamId;
import org.junit.jupiter.api.Test;

class DayManifestTests {

    private static final StreamId DEMO = StreamId.parse("XX.DEMO..HHZ");

    static DayManifest sample() {
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        Instant t10 = Instant.parse("2024-01-01T00:10:00Z");
        DayManifest.Chunk full = new DayManifest.Chunk(t0, t10,
                new ChunkFile.Name(DEMO, t0, ChunkSize.TEN_MINUTES).toString(), 60_000, -5, 7, List.of(), 1234);
        DayManifest.Chunk gappy = new DayManifest.Chunk(t10, Instant.parse("2024-01-01T00:20:00Z"),
                new ChunkFile.Name(DEMO, t10, ChunkSize.TEN_MINUTES).toString(), 59_000, -3, 3,
                List.of(new DayManifest.Gap(Instant.parse("2024-01-01T00:12:00Z"), Instant.parse("2024-01-01T00:12:10Z"))),
                999);
        DayManifest.Chunk empty = new DayManifest.Chunk(Instant.parse("2024-01-01T06:00:00Z"),
                Instant.parse("2024-01-01T12:00:00Z"), null, 0, 0, 0,
                List.of(new DayManifest.Gap(Instant.parse("2024-01-01T06:00:00Z"), Instant.parse("2024-01-01T12:00:00Z"))),
                0);
        return new DayManifest(DEMO, LocalDate.of(2024, 1, 1), 100.0, DayManifest.ENCODING,
                Map.of(ChunkSize.TEN_MINUTES, List.of(full, gappy), ChunkSize.SIX_HOURS, List.of(empty)));
    }

    @Test
    void roundTripsThroughJson() {
        DayManifest manifest = sample();
        byte[] json = manifest.toJson();
        assertThat(DayManifest.parse(json)).isEqualTo(manifest);
        String text = new String(json, StandardCharsets.UTF_8);
        assertThat(text).contains("\"stream\" : \"XX.DEMO..HHZ\"", "\"encoding\" : \"zstd-int32le\"",
                "\"10m\" : [", "\"start\" : \"2024-01-01T00:12:00Z\"", "\"file\" : null", "\"min\" : null");
        assertThat(manifest.chunks(ChunkSize.ONE_HOUR)).isEmpty();
        assertThat(manifest.chunk(ChunkSize.TEN_MINUTES, Instant.parse("2024-01-01T00:10:00Z")))
                .hasValueSatisfying(c -> assertThat(c.samples()).isEqualTo(59_000));
    }

    @Test
    void ignoresUnknownFieldsAndSizes() {
        String json = "{\"stream\":\"XX.DEMO..HHZ\",\"date\":\"2024-01-01\",\"sampleRate\":100,"
                + "\"encoding\":\"zstd-int32le\",\"producer\":\"x\",\"chunks\":{\"1d\":[],\"1h\":[]}}";
        DayManifest manifest = DayManifest.parse(json.getBytes(StandardCharsets.UTF_8));
        assertThat(manifest.sampleRate()).isEqualTo(100.0);
        assertThat(manifest.chunks(ChunkSize.ONE_HOUR)).isEmpty();
    }

    @Test
    void bytesThatAreNoTextAtAllAreAnInvalidManifest() {
        // Found by DayManifestFuzzTests#parse: Jackson takes these for UTF-32 and threw its own JacksonIOException.
        byte[] utf32Junk = {0x04, 0, 0, 0, 0, 0, 0, '{', '\n', ' ', ' ', '"', 0, 0, 'l', ','};
        assertThatThrownBy(() -> DayManifest.parse(utf32Junk)).isInstanceOf(InvalidManifestException.class)
                .hasMessageStartingWith("manifest is not valid JSON: ").hasMessageContaining("UTF-32");
    }

    @Test
    void aRequiredFieldThatIsNullIsNamed() {
        // Found by DayManifestFuzzTests#parse: "end": null went past Jackson's required check and threw a NullPointerException.
        String good = new String(sample().toJson(), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parse(good.replace("\"end\" : \"2024-01-01T00:10:00Z\"", "\"end\" : null")))
                .isInstanceOf(InvalidManifestException.class).hasMessageStartingWith("manifest chunks.10m[0].end");
        assertThatThrownBy(() -> parse(good.replace("\"stream\" : \"XX.DEMO..HHZ\"", "\"stream\" : null")))
                .isInstanceOf(InvalidManifestException.class).hasMessageStartingWith("manifest stream");
        assertThatThrownBy(() -> parse(good.replace("\"start\" : \"2024-01-01T00:12:00Z\"", "\"start\" : null")))
                .isInstanceOf(InvalidManifestException.class).hasMessageStartingWith("manifest chunks.10m[1].gaps[0].start");
    }

    @Test
    void badInputIsReportedWithWhereItIs() {
        assertThatThrownBy(() -> DayManifest.parse("{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> DayManifest.parse("[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("JSON object");
        String good = new String(sample().toJson(), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parse(good.replace("\"zstd-int32le\"", "\"steim2\"")))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("encoding");
        assertThatThrownBy(() -> parse(good.replace("\"2024-01-01T00:12:00Z\"", "\"noon\"")))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining("chunks.10m[1].gaps[0].start").hasMessageContaining("noon");
        assertThatThrownBy(() -> parse(good.replace("\"samples\" : 60000", "\"samples\" : \"many\"")))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("chunks.10m[0].samples");
        assertThatThrownBy(() -> parse(good.replace("XX.DEMO..HHZ.20240101T000000Z.10m.i32.zst", "../../etc/passwd")))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("chunks.10m[0].file");
        assertThatThrownBy(() -> parse(good.replace("\"2024-01-01T00:10:00Z\"", "\"2024-01-01T00:11:00Z\"")))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("chunks.10m");
        assertThatThrownBy(() -> parse(good.replace("\"sampleRate\" : 100.0", "\"sampleRate\" : -1")))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("sampleRate");
    }

    @Test
    void typesAreStrictAndProblemsNameTheirField() {
        String good = new String(sample().toJson(), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parse(good.replace("\"samples\" : 60000", "\"samples\" : \"12\"")))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessage("manifest chunks.10m[0].samples: must be a 32-bit integer");
        assertThatThrownBy(() -> parse(good.replace("\"samples\" : 60000", "\"samples\" : 1.5")))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("chunks.10m[0].samples");
        assertThatThrownBy(() -> parse(good.replace("\"samples\" : 60000", "\"samples\" : 30000000000")))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("chunks.10m[0].samples")
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> parse(good.replace("\"samples\" : 60000,", "")))
                .isInstanceOf(InvalidManifestException.class).hasMessage("manifest chunks.10m[0].samples: missing");
        assertThatThrownBy(() -> parse(good.replace("\"2024-01-01T00:12:00Z\"", "1704067200")))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessage("manifest chunks.10m[1].gaps[0].start: must be an ISO-8601 UTC instant");
        assertThatThrownBy(() -> parse(good.replace("\"stream\" : \"XX.DEMO..HHZ\"", "\"stream\" : 7")))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("manifest stream");
        assertThatThrownBy(() -> parse(good.replace("\"date\" : \"2024-01-01\"", "\"date\" : \"Jan 1\"")))
                .isInstanceOf(InvalidManifestException.class).hasMessage("manifest date: 'Jan 1' is not YYYY-MM-DD");
        assertThatThrownBy(() -> parse(good.replace("\"10m\" : [", "\"10m\" : 3, \"old\" : [")))
                .isInstanceOf(InvalidManifestException.class).hasMessage("manifest chunks.10m: must be an array");
        assertThatThrownBy(() -> parse(good.replace("\"min\" : -5", "\"min\" : null")))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("chunks.10m[0].min");
        assertThatThrownBy(() -> parse(good.replace("\"bytes\" : 1234", "\"bytes\" : -1")))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("chunks.10m[0].bytes");
    }

    @Test
    void framesRoundTripAndAreCheckedAgainstTheFile() {
        Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
        DayManifest.Chunk framed = new DayManifest.Chunk(t0, Instant.parse("2024-01-01T00:10:00Z"),
                new ChunkFile.Name(DEMO, t0, ChunkSize.TEN_MINUTES).toString(), 60_000, -5, 7, List.of(), 1234,
                new ChunkFile.Frames(16_384, List.of(0L, 300L, 700L, 1000L)));
        DayManifest manifest = new DayManifest(DEMO, LocalDate.of(2024, 1, 1), 100.0, DayManifest.ENCODING,
                Map.of(ChunkSize.TEN_MINUTES, List.of(framed)));
        String good = new String(manifest.toJson(), StandardCharsets.UTF_8);
        assertThat(DayManifest.parse(manifest.toJson())).isEqualTo(manifest);
        assertThat(good).contains("\"frames\" : {", "\"samples\" : 16384", "\"offsets\" : [ 0, 300, 700, 1000 ]");
        // A file in one frame says nothing.
        assertThat(new String(sample().toJson(), StandardCharsets.UTF_8)).doesNotContain("frames");

        assertThatThrownBy(() -> parse(good.replace("0, 300, 700, 1000", "0, 300, 700")))
                .isInstanceOf(InvalidManifestException.class).hasMessage("manifest chunks.10m[0].frames.offsets: 3"
                        + " frame(s) listed, but 60000 samples in frames of 16384 are 4");
        assertThatThrownBy(() -> parse(good.replace("0, 300, 700, 1000", "0, 700, 300, 1000")))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageStartingWith("manifest chunks.10m[0].frames.offsets: frame offsets must increase");
        assertThatThrownBy(() -> parse(good.replace("0, 300, 700, 1000", "5, 300, 700, 1000")))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessageStartingWith("manifest chunks.10m[0].frames.offsets: the first frame starts at byte 0");
        assertThatThrownBy(() -> parse(good.replace("0, 300, 700, 1000", "0, 300, 700, 1234")))
                .isInstanceOf(InvalidManifestException.class).hasMessage("manifest chunks.10m[0].frames.offsets: the"
                        + " last frame starts at byte 1234, not inside the file's 1234 bytes");
        assertThatThrownBy(() -> parse(good.replace("\"samples\" : 16384", "\"samples\" : 0")))
                .isInstanceOf(InvalidManifestException.class)
                .hasMessage("manifest chunks.10m[0].frames.samples: must be at least 1, got 0");
        assertThatThrownBy(() -> parse(good.replace("0, 300, 700, 1000", "0, null, 700, 1000")))
                .isInstanceOf(InvalidManifestException.class).hasMessageContaining("chunks.10m[0].frames.offsets");
    }

    private static DayManifest parse(String json) {
        return DayManifest.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
