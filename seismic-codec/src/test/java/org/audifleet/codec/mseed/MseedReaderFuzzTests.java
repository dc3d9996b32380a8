package org.audifleet.codec.mseed;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The miniSEED reader (v2 and v3 records, Steim1/2, integer, float, text and the legacy encodings) against arbitrary
 * bytes. The contract ({@link MseedReader}): records are delivered, then at most one {@link MseedFormatException};
 * nothing else escapes. Every record lies inside the input, holds exactly its header's sample count in the array
 * its type names, and no encoding yields more than two samples per byte of record (Steim2's densest packing is
 * seven 4-bit differences in a 32-bit word), so a damaged header cannot make the reader allocate beyond its input.
 * Reading the same bytes as a stream, a few bytes at a time, gives the same records and the same error.
 *
 * <p>Seeds in {@code MseedReaderFuzzTestsInputs/read/} are single records cut from the libmseed test files in
 * {@code ../shared/data/mseed} (Apache-2.0, see its INDEX.md). Fuzzing one method: CONTRIBUTING.md, "Fuzzing".
 */
class MseedReaderFuzzTests {

    @FuzzTest(maxDuration = "20s")
    void read(byte[] bytes) {
        Outcome fromArray = readArray(bytes, IntegrityPolicy.FAIL);
        for (MseedRecord record : fromArray.records) {
            assertWithinInput(record, bytes.length);
        }
        Outcome fromStream = readStream(bytes);
        assertThat(fromStream.describe()).isEqualTo(fromArray.describe());
        // WARN keeps what FAIL refuses only for Steim integrity: it may read on past that error, never throw others.
        for (MseedRecord record : readArray(bytes, IntegrityPolicy.WARN).records) {
            assertWithinInput(record, bytes.length);
        }
    }

    private static void assertWithinInput(MseedRecord record, int inputLength) {
        assertThat(record.offset()).isNotNegative();
        assertThat(record.length()).isPositive();
        assertThat(record.offset() + record.length()).isLessThanOrEqualTo(inputLength);
        assertThat((long) record.sampleCount()).isEqualTo(record.headerSampleCount());
        assertThat((long) record.sampleCount()).isLessThanOrEqualTo(2L * record.length());
        int held = switch (record.type()) {
            case INT -> record.ints().length;
            case FLOAT -> record.floats().length;
            case DOUBLE -> record.doubles().length;
            case TEXT -> record.text().length;
        };
        assertThat(held).isEqualTo(record.sampleCount());
    }

    private record Outcome(List<MseedRecord> records, MseedFormatException error) {
        String describe() {
            StringBuilder text = new StringBuilder();
            for (MseedRecord r : records) {
                text.append(r.offset()).append('+').append(r.length()).append(' ').append(r.sourceId()).append(' ')
                        .append(r.sampleCount()).append(' ').append(r.type()).append('\n');
            }
            return text.append(error == null ? "end" : error.getMessage()).toString();
        }
    }

    private static Outcome readArray(byte[] bytes, IntegrityPolicy integrity) {
        List<MseedRecord> records = new ArrayList<>();
        try {
            new MseedReader(integrity, warning -> { }).readAll(bytes, 0, bytes.length, records::add);
            return new Outcome(records, null);
        } catch (MseedFormatException e) {
            return new Outcome(records, e);
        }
    }

    private static Outcome readStream(byte[] bytes) {
        List<MseedRecord> records = new ArrayList<>();
        try {
            new MseedReader().readAll(new Trickle(bytes), records::add);
            return new Outcome(records, null);
        } catch (MseedFormatException e) {
            return new Outcome(records, e);
        } catch (IOException e) {
            throw new AssertionError("an in-memory stream cannot fail to read", e);
        }
    }

    /** At most 7 bytes per read, so every refill path of the reader's window is taken. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private int position;

        Trickle(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 7), bytes.length - position);
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }
    }
}
