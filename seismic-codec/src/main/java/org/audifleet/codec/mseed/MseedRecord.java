package org.audifleet.codec.mseed;

/**
 * One decoded miniSEED 2 or 3 record.
 *
 * <p>Exactly one of {@code ints}, {@code floats}, {@code doubles}, {@code text} is non-null, chosen by {@code type};
 * its length is {@code sampleCount}. Arrays are owned by the record and not copied on access: do not mutate them.
 *
 * @param offset            absolute byte offset of the record in the input
 * @param length            record length in bytes
 * @param formatVersion     2 or 3
 * @param sourceId          FDSN source identifier, {@code FDSN:NET_STA_LOC_B_S_SS}
 * @param network           network code (empty if the source id is not an FDSN one)
 * @param station           station code
 * @param location          location code, may be empty
 * @param channel           channel code, {@code BHZ} when band, source and subsource are single characters
 * @param startNanos        time of the first sample, nanoseconds since 1970-01-01T00:00:00Z, with the v2 blockette
 *                          1001 microseconds and any unapplied v2 time correction already added
 * @param sampleRate        samples per second; 0 for records without a time series (text, header only)
 * @param encoding          data encoding code, see {@link Encoding}
 * @param swapFlags         byte order as libmseed reports it: bit 0 header big-endian, bit 1 payload big-endian
 * @param publicationVersion v3 publication version; for v2 the quality indicator mapped to 1 (R), 2 (D), 3 (Q), 4 (M)
 * @param headerSampleCount sample count written in the header
 * @param sampleCount       samples decoded (equals {@code headerSampleCount} for every accepted record)
 * @param type              what the payload decoded to
 * @param extraHeaders      v3 extra headers (JSON text), empty for v2 or when absent
 */
public record MseedRecord(
        long offset,
        int length,
        int formatVersion,
        String sourceId,
        String network,
        String station,
        String location,
        String channel,
        long startNanos,
        double sampleRate,
        int encoding,
        int swapFlags,
        int publicationVersion,
        long headerSampleCount,
        int sampleCount,
        SampleType type,
        int[] ints,
        float[] floats,
        double[] doubles,
        byte[] text,
        String extraHeaders) {

    /**
     * Samples as integer counts, the unit the audio path plays: integers as decoded, floating point rounded
     * to the nearest integer (saturating at the int range). Integer records return their own array, not a copy.
     *
     * @throws IllegalStateException for text records
     */
    public int[] intCounts() {
        return switch (type) {
            case INT -> ints;
            case FLOAT -> {
                int[] out = new int[floats.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = Math.round(floats[i]);
                }
                yield out;
            }
            case DOUBLE -> {
                int[] out = new int[doubles.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.rint(doubles[i])));
                }
                yield out;
            }
            case TEXT -> throw new IllegalStateException(sourceId + " record at byte " + offset + " holds text, not samples");
        };
    }

    /** Whether the record carries a time series (not text, at least one sample). */
    public boolean hasSamples() {
        return type != SampleType.TEXT && sampleCount > 0;
    }

    /** libmseed's name of {@link #encoding()}. */
    public String encodingName() {
        return Encoding.name(encoding);
    }

    /** Time just after the last sample (start + count / rate); the start itself when there is no rate. */
    public long endNanos() {
        if (sampleRate <= 0 || sampleCount == 0) {
            return startNanos;
        }
        return startNanos + Math.round(sampleCount * 1e9 / sampleRate);
    }

    /** {@link #startNanos()} as ISO-8601 UTC, e.g. {@code 2012-05-12T00:00:00.123456Z}. */
    public String startIso() {
        return MseedTime.iso(startNanos);
    }
}
