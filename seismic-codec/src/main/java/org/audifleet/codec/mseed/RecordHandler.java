package org.audifleet.codec.mseed;

/** Receives each record as soon as it is decoded, in input order. */
@FunctionalInterface
public interface RecordHandler {
    void onRecord(MseedRecord record);
}
