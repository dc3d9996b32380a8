package org.audifleet.codec.mseed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Streaming behaviour and the errors a damaged or unsupported input must produce. */
class MseedReaderTests {

    private static byte[] data(String file) throws IOException {
        return SharedMseedData.data(file, false);
    }

    @Test
    void streamDeliversTheSameRecordsAsArrayEvenOneByteAtATime() throws IOException {
        for (String file : List.of("testdata-3channel-signal.mseed3", "testdata-oneseries-mixedlengths-mixedorder.mseed2",
                "testdata-no-blockette1000-steim1.mseed2")) {
            byte[] bytes = data(file);
            List<MseedRecord> fromArray = MseedReader.readAll(bytes);
            List<MseedRecord> fromStream = new ArrayList<>();
            MseedReader.read(new TrickleInputStream(bytes), fromStream::add);
            assertThat(fromStream).hasSameSizeAs(fromArray);
            for (int i = 0; i < fromArray.size(); i++) {
                assertThat(fromStream.get(i).offset()).isEqualTo(fromArray.get(i).offset());
                assertThat(fromStream.get(i).ints()).isEqualTo(fromArray.get(i).ints());
            }
        }
    }

    @Test
    void handsOverEachRecordBeforeTheRestHasArrived() throws IOException {
        byte[] bytes = data("reference-testdata-steim2.mseed2");
        List<MseedRecord> seen = new ArrayList<>();
        // The stream fails once the reader wants bytes of the second record: the first must already be out.
        InputStream firstRecordThenBroken = new InputStream() {
            int pos;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos >= 512) {
                    throw new IOException("connection reset");
                }
                int n = Math.min(len, 512 - pos);
                System.arraycopy(bytes, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        assertThatThrownBy(() -> MseedReader.read(firstRecordThenBroken, seen::add)).hasMessage("connection reset");
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).sampleCount()).isEqualTo(247);
    }

    @Test
    void byteBufferInputHonoursPosition() throws IOException {
        byte[] bytes = data("reference-testdata-int32.mseed2");
        byte[] padded = new byte[bytes.length + 7];
        System.arraycopy(bytes, 0, padded, 7, bytes.length);
        List<MseedRecord> records = new ArrayList<>();
        MseedReader.read(ByteBuffer.wrap(padded).position(7), records::add);
        assertThat(records).hasSize(5);
        assertThat(records.get(1).offset()).isEqualTo(512);
        assertThat(records.get(0).intCounts()).startsWith(0, 6, 10, 10);
    }

    @Test
    void flippedSteimBitsFailTheIntegrityCheckWithTheRecordOffset() throws IOException {
        byte[] bytes = data("reference-testdata-steim1.mseed2");
        bytes[512 + 64 + 18] ^= 0x04; // a difference in frame 0 of the second record
        List<MseedRecord> before = new ArrayList<>();
        assertThatThrownBy(() -> MseedReader.read(bytes, before::add))
                .isInstanceOfSatisfying(MseedFormatException.class, e -> {
                    assertThat(e.offset()).isEqualTo(512);
                    assertThat(e.reason()).contains("Steim1 integrity check failed");
                });
        assertThat(before).hasSize(1);
    }

    @Test
    void reservedSteim2CodeIsABadFrameAtItsByteOffset() throws IOException {
        byte[] bytes = data("reference-testdata-steim2.mseed2");
        // Frame 0 nibbles of the first record: make word 3 "10" and its sub-code "00", which Steim2 reserves.
        int frame = 64;
        bytes[frame] = (byte) ((bytes[frame] & 0xfc) | 0x02);
        bytes[frame + 12] &= 0x3f;
        assertThatThrownBy(() -> MseedReader.read(bytes, r -> { }))
                .isInstanceOfSatisfying(MseedFormatException.class, e -> {
                    assertThat(e.offset()).isEqualTo(64 + 12);
                    assertThat(e.reason()).contains("bad Steim2 frame");
                });
    }

    @Test
    void lenientReaderKeepsSamplesAndWarns() throws IOException {
        byte[] bytes = data("reference-testdata-steim1.mseed2");
        bytes[64 + 18] ^= 0x04;
        List<String> warnings = new ArrayList<>();
        List<MseedRecord> records = new ArrayList<>();
        new MseedReader(IntegrityPolicy.WARN, warnings::add).readAll(bytes, 0, bytes.length, records::add);
        assertThat(records).hasSize(4);
        assertThat(warnings).singleElement().asString().contains("byte offset 0").contains("integrity");
    }

    @Test
    void truncatedRecordIsReportedAtItsStart() throws IOException {
        byte[] v2 = Arrays.copyOf(data("reference-testdata-int32.mseed2"), 512 * 2 + 300);
        assertThatThrownBy(() -> MseedReader.read(v2, r -> { }))
                .isInstanceOfSatisfying(MseedFormatException.class, e -> {
                    assertThat(e.offset()).isEqualTo(1024);
                    assertThat(e.reason()).contains("truncated record");
                });
        byte[] v3 = Arrays.copyOf(data("reference-testdata-int32.mseed3"), 511 + 100);
        assertThatThrownBy(() -> MseedReader.read(new ByteArrayInputStream(v3), r -> { }))
                .isInstanceOfSatisfying(MseedFormatException.class, e -> {
                    assertThat(e.offset()).isEqualTo(511);
                    assertThat(e.reason()).contains("truncated record: needs 511 bytes, input has 100");
                });
    }

    @Test
    void absurdV3LengthIsRefusedBeforeReading() throws IOException {
        byte[] bytes = data("reference-testdata-int32.mseed3");
        bytes[39] = 0x7f; // payload length field (little-endian u32 at 36) now about 2 GiB
        assertThatThrownBy(() -> MseedReader.read(new ByteArrayInputStream(bytes), r -> { }))
                .isInstanceOfSatisfying(MseedFormatException.class, e -> {
                    assertThat(e.offset()).isZero();
                    assertThat(e.reason()).contains("exceeds the 10485760-byte limit");
                });
    }

    @Test
    void wrongCrcIsRejected() throws IOException {
        byte[] bytes = data("reference-testdata-steim2.mseed3");
        bytes[507 + 100] ^= 0x01; // one payload bit of the second record
        assertThatThrownBy(() -> MseedReader.read(bytes, r -> { }))
                .isInstanceOfSatisfying(MseedFormatException.class, e -> {
                    assertThat(e.offset()).isEqualTo(507);
                    assertThat(e.reason()).startsWith("CRC-32C mismatch");
                });
    }

    @Test
    void unknownEncodingIsRejected() throws IOException {
        byte[] bytes = data("reference-testdata-int32.mseed2");
        bytes[512 + 48 + 4] = 19; // blockette 1000 of the second record: Steim3
        List<MseedRecord> before = new ArrayList<>();
        assertThatThrownBy(() -> MseedReader.read(bytes, before::add))
                .isInstanceOfSatisfying(MseedFormatException.class, e -> {
                    assertThat(e.offset()).isEqualTo(512);
                    assertThat(e.reason()).contains("unsupported encoding 19 (STEIM-3 integer compression)");
                });
        assertThat(before).hasSize(1);
    }

    @Test
    void garbageIsNotARecord() {
        byte[] junk = new byte[600];
        Arrays.fill(junk, (byte) 'x');
        assertThatThrownBy(() -> MseedReader.read(junk, r -> { }))
                .isInstanceOfSatisfying(MseedFormatException.class, e -> {
                    assertThat(e.offset()).isZero();
                    assertThat(e.reason()).contains("not a miniSEED");
                });
    }

    @Test
    void recordFieldsForPlayback() throws IOException {
        MseedRecord r = MseedReader.readAll(data("testdata-3channel-signal.mseed2")).get(0);
        assertThat(r.network()).isEqualTo("IU");
        assertThat(r.station()).isEqualTo("COLA");
        assertThat(r.location()).isEqualTo("00");
        assertThat(r.channel()).isEqualTo("LH1");
        assertThat(r.intCounts()).startsWith(-502676, -504105, -507491, -506991);
        MseedRecord v3 = MseedReader.readAll(data("testdata-3channel-signal.mseed3")).get(0);
        assertThat(v3.channel()).isEqualTo("LH1");
        assertThat(v3.startNanos()).isEqualTo(r.startNanos());
        assertThat(v3.endNanos()).isEqualTo(r.startNanos() + 135_000_000_000L);
        MseedRecord headerOnly = MseedReader.readAll(data("reference-testdata-headeronly.mseed3")).get(0);
        assertThat(headerOnly.extraHeaders()).startsWith("{\"FDSN\":");
    }

    @Test
    void aRecordWithoutSamplesHoldsTheEmptyArrayOfItsType() throws IOException {
        // Found by MseedReaderFuzzTests#read: a 0-sample Steim record had ints() == null, against MseedRecord's contract.
        byte[] steim1 = Arrays.copyOf(data("reference-testdata-steim1.mseed2"), 512);
        steim1[30] = 0; // v2 fixed header: number of samples, u16 big-endian at byte 30
        steim1[31] = 0;
        MseedRecord r = MseedReader.readAll(steim1).get(0);
        assertThat(r.type()).isEqualTo(SampleType.INT);
        assertThat(r.ints()).isEmpty();
        assertThat(r.intCounts()).isEmpty();
        assertThat(r.hasSamples()).isFalse();
        MseedRecord text = MseedReader.readAll(data("reference-testdata-headeronly.mseed2")).get(0);
        assertThat(text.sampleCount()).isZero();
        assertThat(text.text()).isEmpty();
    }

    /** Returns one byte per read call, like a slow download. */
    private static final class TrickleInputStream extends InputStream {
        private final byte[] bytes;
        private int pos;

        TrickleInputStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= bytes.length) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            b[off] = bytes[pos++];
            return 1;
        }
    }
}
