package org.audifleet.decoder.decode.mseed;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.audifleet.codec.mseed.MseedRecord;
import org.audifleet.decoder.decode.BlockEmitter;
import org.audifleet.decoder.decode.ChunkDecoder;
import org.audifleet.decoder.decode.ChunkDefect;
import org.audifleet.wire.ChunkRecord;
import org.audifleet.wire.PcmBlock;
import org.audifleet.wire.StreamId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a miniSEED chunk (an FDSN dataselect answer: records in whatever order, length and overlap the
 * service sent) onto the chunk's sample grid and cuts the kept part into PCM blocks.
 *
 * <ol>
 * <li>Every record is decoded strictly ({@link RecordScan}); a damaged one (Steim integrity, CRC, truncation,
 * unknown encoding) is skipped and reading resumes at the next record header, so one bad record costs only its
 * own time span.</li>
 * <li>Only records of the chunk's stream with samples are used; other streams and text records are left out
 * (logged).</li>
 * <li>Records are sorted by start time (longer first on a tie) and placed at grid index
 * {@code round((recordStart - chunkStart) * rate)}; within a record samples are consecutive. A grid sample
 * already filled is not filled again, so duplicated and overlapping records play once (the earliest record
 * wins). Grid samples no record covers are gap blocks, so the session grid stays exact.</li>
 * <li>Floating-point samples are rounded to the nearest count (saturating at the int range), like
 * {@link MseedRecord#intCounts()}.</li>
 * </ol>
 *
 * <p>A record whose rate differs from the chunk's (the session's, taken by the fetcher from its first data) by more
 * than {@value #RATE_TOLERANCE} relative is not placed: a session plays at one rate. Damaged records and rate
 * changes make the chunk a {@link ChunkDefect}: its playable part is still emitted, the reason goes to the
 * dead-letter topic.
 */
public final class MseedChunkDecoder implements ChunkDecoder {

    static final double RATE_TOLERANCE = 1e-4;
    /** Damaged records named in a defect's reason; the rest are counted. */
    static final int MAX_LISTED = 5;
    private static final Logger log = LoggerFactory.getLogger(MseedChunkDecoder.class);

    private final int blockSamples;

    public MseedChunkDecoder(int blockSamples) {
        this.blockSamples = blockSamples;
    }

    @Override
    public Optional<ChunkDefect> decode(ChunkRecord chunk, Consumer<PcmBlock> out) {
        BlockEmitter emitter = new BlockEmitter(chunk, blockSamples, out);
        if (chunk.kind() == ChunkRecord.Kind.GAP) {
            emitter.appendGap(chunk.sampleCount());
            emitter.finish();
            return Optional.empty();
        }
        RecordScan scan = RecordScan.of(chunk.payload());
        List<String> problems = new ArrayList<>();
        long damagedFrom = Long.MAX_VALUE;
        for (RecordScan.Damage d : scan.damages()) {
            if (problems.size() < MAX_LISTED) {
                problems.add("record at byte offset " + d.byteOffset() + " skipped: " + d.reason());
            } else if (problems.size() == MAX_LISTED) {
                problems.add((scan.damages().size() - MAX_LISTED) + " more damaged record(s)");
            }
            long from = d.recordBefore() != null && matches(d.recordBefore(), chunk.stream())
                    ? gridIndex(chunk, d.recordBefore().endNanos()) : chunk.skipSamples();
            damagedFrom = Math.min(damagedFrom, from);
        }

        List<MseedRecord> usable = new ArrayList<>();
        int otherStreams = 0;
        int noSamples = 0;
        String otherExample = null;
        MseedRecord rateChange = null;
        int rateChanged = 0;
        for (MseedRecord r : scan.records()) {
            if (!matches(r, chunk.stream())) {
                otherStreams++;
                otherExample = otherExample == null ? r.sourceId() : otherExample;
            } else if (!r.hasSamples()) {
                noSamples++;
            } else if (Math.abs(r.sampleRate() - chunk.sampleRate()) > RATE_TOLERANCE * chunk.sampleRate()) {
                rateChanged++;
                if (rateChange == null || r.startNanos() < rateChange.startNanos()) {
                    rateChange = r;
                }
            } else {
                usable.add(r);
            }
        }
        if (otherStreams > 0 || noSamples > 0) {
            log.info("chunk {} of session {}: left out {} record(s) of other streams (e.g. {}) and {} without samples"
                    + " (text, header only)", chunk.chunkIndex(), chunk.sessionId(), otherStreams, otherExample,
                    noSamples);
        }
        if (rateChange != null) {
            problems.add(rateChanged + " record(s) of " + chunk.stream() + " at " + rateChange.sampleRate()
                    + " Hz from " + rateChange.startIso() + " not played: the session plays at " + chunk.sampleRate()
                    + " Hz (its first data's rate) and one session has one rate; request the part after the change"
                    + " as a session of its own");
            damagedFrom = Math.min(damagedFrom, clamp(chunk, gridIndex(chunk, rateChange.startNanos())));
        }

        usable.sort(Comparator.comparingLong(MseedRecord::startNanos)
                .thenComparing(Comparator.comparingInt(MseedRecord::sampleCount).reversed()));
        long keepFrom = chunk.skipSamples();
        long keepTo = keepFrom + chunk.sampleCount();
        long next = keepFrom;
        long overlapping = 0;
        for (MseedRecord r : usable) {
            long first = gridIndex(chunk, r.startNanos());
            long from = Math.max(first, next);
            long to = Math.min(first + r.sampleCount(), keepTo);
            if (first < next) {
                overlapping += Math.min(next, first + r.sampleCount()) - first;
            }
            if (to <= from) {
                continue;
            }
            emitter.appendGap(from - next);
            emitter.appendSamples(r.intCounts(), (int) (from - first), (int) (to - from));
            next = to;
        }
        emitter.appendGap(keepTo - next);
        emitter.finish();
        if (overlapping > 0) {
            log.debug("chunk {} of session {}: dropped {} sample(s) of overlapping or duplicated records",
                    chunk.chunkIndex(), chunk.sessionId(), overlapping);
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ChunkDefect("miniSEED: " + String.join("; ", problems) + " (chunk " + chunk.chunkIndex()
                + " of session " + chunk.sessionId() + " from " + chunk.source() + ")", clamp(chunk, damagedFrom)));
    }

    static boolean matches(MseedRecord r, StreamId stream) {
        return r.network().equals(stream.network()) && r.station().equals(stream.station())
                && r.location().equals(stream.location()) && r.channel().equals(stream.channel());
    }

    /** Nearest chunk grid index of a time (sub-sample offsets of a record are not kept). */
    static long gridIndex(ChunkRecord chunk, long epochNanos) {
        return Math.round((epochNanos - chunk.startMicros() * 1000.0) * chunk.sampleRate() / 1e9);
    }

    private static long clamp(ChunkRecord chunk, long grid) {
        return Math.max(chunk.skipSamples(), Math.min(grid, (long) chunk.skipSamples() + chunk.sampleCount()));
    }
}
