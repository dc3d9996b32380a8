package org.audifleet.codec.mseed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decodes every libmseed test file and bench file and compares each record's header fields, start time and every
 * sample with libmseed 3.4.0's reference dump: exact match required.
 */
class ReferenceDecodeTests {
    private static final Pattern REC = Pattern.compile("# REC off=(\\d+) reclen=(\\d+) fmt=(\\d) enc=(\\d+)\\((.*)\\)"
            + " swap=(\\d+) sid=(\\S+) start=(\\S+) rate=(\\S+) samplecnt=(\\d+) numsamples=(\\d+) type=(.)");
    private static final AtomicLong FILES = new AtomicLong();
    private static final AtomicLong RECORDS = new AtomicLong();
    private static final AtomicLong SAMPLES = new AtomicLong();

    static List<String> files() {
        return SharedMseedData.files();
    }

    static List<String> benchFiles() {
        return SharedMseedData.benchFiles();
    }

    @AfterAll
    static void summary() {
        System.out.printf("ReferenceDecodeTests: compared %d files, %d records, %d samples with libmseed's dumps%n",
                FILES.get(), RECORDS.get(), SAMPLES.get());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void matchesLibmseed(String file) throws IOException {
        compare(file, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("benchFiles")
    void benchFileMatchesLibmseed(String file) throws IOException {
        compare(file, true);
    }

    private static void compare(String file, boolean bench) throws IOException {
        byte[] data = SharedMseedData.data(file, bench);
        String reference = new String(SharedMseedData.reference(file, bench), StandardCharsets.ISO_8859_1);
        List<String> warnings = new ArrayList<>();
        MseedReader reader = SharedMseedData.needsLenient(file)
                ? new MseedReader(IntegrityPolicy.WARN, warnings::add)
                : new MseedReader();
        List<MseedRecord> records = new ArrayList<>();
        reader.readAll(data, 0, data.length, records::add);

        int at = 0;
        int index = 0;
        while (at < reference.length()) {
            int eol = reference.indexOf('\n', at);
            Matcher m = REC.matcher(reference.substring(at, eol));
            assertThat(m.matches()).as("record line at char %d of %s", at, file).isTrue();
            at = eol + 1;
            assertThat(index).as("%s: more records in the reference than decoded", file).isLessThan(records.size());
            MseedRecord r = records.get(index++);
            String where = file + " record at " + m.group(1);
            assertThat(r.offset()).as(where).isEqualTo(Long.parseLong(m.group(1)));
            assertThat(r.length()).as(where).isEqualTo(Integer.parseInt(m.group(2)));
            assertThat(r.formatVersion()).as(where).isEqualTo(Integer.parseInt(m.group(3)));
            assertThat(r.encoding()).as(where).isEqualTo(Integer.parseInt(m.group(4)));
            assertThat(r.encodingName()).as(where).isEqualTo(m.group(5));
            assertThat(r.swapFlags()).as(where).isEqualTo(Integer.parseInt(m.group(6)));
            assertThat(r.sourceId()).as(where).isEqualTo(m.group(7));
            assertThat(r.startIso()).as(where).isEqualTo(m.group(8));
            assertThat(r.startNanos()).as(where).isEqualTo(nanos(Instant.parse(m.group(8))));
            double rate = Double.parseDouble(m.group(9));
            assertThat(r.sampleRate()).as(where).isCloseTo(rate, org.assertj.core.data.Offset.offset(rate * 1e-9));
            assertThat(r.headerSampleCount()).as(where).isEqualTo(Long.parseLong(m.group(10)));
            int n = Integer.parseInt(m.group(11));
            assertThat(r.sampleCount()).as(where).isEqualTo(n);
            char type = m.group(12).charAt(0);
            switch (type) {
                case 'i' -> {
                    assertThat(r.type()).as(where).isEqualTo(SampleType.INT);
                    for (int i = 0; i < n; i++) {
                        eol = reference.indexOf('\n', at);
                        int expected = Integer.parseInt(reference, at, eol, 10);
                        if (r.ints()[i] != expected) {
                            assertThat(r.ints()[i]).as("%s sample %d", where, i).isEqualTo(expected);
                        }
                        at = eol + 1;
                    }
                }
                case 'f' -> {
                    assertThat(r.type()).as(where).isEqualTo(SampleType.FLOAT);
                    for (int i = 0; i < n; i++) {
                        eol = reference.indexOf('\n', at);
                        float expected = Float.parseFloat(reference.substring(at, eol));
                        assertThat(Float.floatToIntBits(r.floats()[i])).as("%s sample %d", where, i)
                                .isEqualTo(Float.floatToIntBits(expected));
                        at = eol + 1;
                    }
                }
                case 'd' -> {
                    assertThat(r.type()).as(where).isEqualTo(SampleType.DOUBLE);
                    for (int i = 0; i < n; i++) {
                        eol = reference.indexOf('\n', at);
                        double expected = Double.parseDouble(reference.substring(at, eol));
                        assertThat(Double.doubleToLongBits(r.doubles()[i])).as("%s sample %d", where, i)
                                .isEqualTo(Double.doubleToLongBits(expected));
                        at = eol + 1;
                    }
                }
                case 't' -> {
                    assertThat(r.type()).as(where).isEqualTo(SampleType.TEXT);
                    assertThat(new String(r.text(), StandardCharsets.ISO_8859_1))
                            .as(where).isEqualTo(reference.substring(at, at + n));
                    at += n + 1;
                }
                case '-' -> assertThat(n).as(where).isZero();
                default -> throw new AssertionError(where + ": unknown type " + type);
            }
            SAMPLES.addAndGet(n);
        }
        assertThat(records).as("%s: decoded records", file).hasSize(index);
        RECORDS.addAndGet(index);
        FILES.incrementAndGet();

        if (SharedMseedData.needsLenient(file)) {
            // libmseed keeps these samples with a warning; the default reader refuses them.
            assertThat(warnings).anyMatch(w -> w.contains("integrity check failed"));
            assertThatThrownBy(() -> MseedReader.read(data, r -> { }))
                    .isInstanceOf(MseedFormatException.class)
                    .hasMessageContaining("byte offset 0")
                    .hasMessageContaining("Steim1 integrity check failed");
        }
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
