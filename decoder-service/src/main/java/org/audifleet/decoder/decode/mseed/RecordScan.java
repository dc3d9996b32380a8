package org.audifleet.decoder.decode.mseed;

import java.util.ArrayList;
import java.util.List;
import org.audifleet.codec.mseed.MseedFormatException;
import org.audifleet.codec.mseed.MseedReader;
import org.audifleet.codec.mseed.MseedRecord;

/**
 * Every decodable record of a miniSEED byte string, reading past damaged ones: after a record fails, reading
 * resumes at the next offset where a record decodes (first one record length further, as fixed-length records
 * have it, else byte by byte). Each damage is reported with its byte offset and the record read just before it.
 */
record RecordScan(List<MseedRecord> records, List<Damage> damages) {

    /** A record that could not be decoded: where, why, and the last good record before it in the bytes. */
    record Damage(long byteOffset, String reason, MseedRecord recordBefore) {
    }

    /** Stops a probe at its first record. */
    private static final class Found extends RuntimeException {
        Found() {
            super(null, null, false, false);
        }
    }

    static RecordScan of(byte[] bytes) {
        MseedReader reader = new MseedReader();
        List<MseedRecord> records = new ArrayList<>();
        List<Damage> damages = new ArrayList<>();
        int pos = 0;
        while (pos < bytes.length) {
            int base = pos;
            long[] end = {pos};
            int[] lastLength = {0};
            try {
                reader.readAll(bytes, base, bytes.length - base, r -> {
                    records.add(r);
                    end[0] = base + r.offset() + r.length();
                    lastLength[0] = r.length();
                });
                break;
            } catch (MseedFormatException e) {
                damages.add(new Damage(base + e.offset(), e.reason(), records.isEmpty() ? null
                        : records.get(records.size() - 1)));
                pos = resume(reader, bytes, (int) end[0], lastLength[0]);
            } catch (RuntimeException e) {
                damages.add(new Damage(end[0], "undecodable record: " + e, records.isEmpty() ? null
                        : records.get(records.size() - 1)));
                pos = resume(reader, bytes, (int) end[0], lastLength[0]);
            }
        }
        return new RecordScan(records, damages);
    }

    /** The first offset after the damaged record at {@code bad} where a record decodes; the end if none does. */
    private static int resume(MseedReader reader, byte[] bytes, int bad, int lastLength) {
        if (lastLength > 0 && decodesAt(reader, bytes, bad + lastLength)) {
            return bad + lastLength;
        }
        for (int p = bad + 1; p < bytes.length; p++) {
            if (decodesAt(reader, bytes, p)) {
                return p;
            }
        }
        return bytes.length;
    }

    private static boolean decodesAt(MseedReader reader, byte[] bytes, int p) {
        if (p >= bytes.length) {
            return false;
        }
        try {
            reader.readAll(bytes, p, bytes.length - p, r -> {
                throw new Found();
            });
            return false;
        } catch (Found found) {
            return true;
        } catch (MseedFormatException | RuntimeException e) {
            return false;
        }
    }
}
