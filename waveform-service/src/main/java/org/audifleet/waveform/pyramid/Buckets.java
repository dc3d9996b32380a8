package org.audifleet.waveform.pyramid;

/**
 * Consecutive buckets of one zoom level: bucket {@code firstBucket + i} holds {@code mins[i]}, {@code maxs[i]};
 * {@code min > max} marks an empty bucket (entirely inside a gap). Maps one to one onto
 * {@code org.audifleet.wire.MinMaxBlock}.
 */
public record Buckets(int samplesPerBucket, long firstBucket, int[] mins, int[] maxs) {

    public Buckets {
        if (mins.length != maxs.length) {
            throw new IllegalArgumentException(mins.length + " mins but " + maxs.length + " maxs");
        }
    }

    public int count() {
        return mins.length;
    }

    public boolean isEmpty(int i) {
        return mins[i] > maxs[i];
    }
}
