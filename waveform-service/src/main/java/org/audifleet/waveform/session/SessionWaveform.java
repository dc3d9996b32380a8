package org.audifleet.waveform.session;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.audifleet.waveform.pyramid.Buckets;
import org.audifleet.signal.Detrend;
import org.audifleet.waveform.pyramid.MinMaxPyramid;
import org.audifleet.waveform.pyramid.TracePyramids;
import org.audifleet.signal.TraceProcessor;
import org.audifleet.waveform.spectrogram.SessionSpectrogram;
import org.audifleet.waveform.spectrogram.SpectrogramProperties;
import org.audifleet.waveform.spectrogram.SpectrogramView;
import org.audifleet.wire.BlockSequencer;
import org.audifleet.wire.MinMaxBlock;
import org.audifleet.wire.PcmBlock;

/**
 * One session's raw and processed pyramids and its spectrogram, fed in session order. Guarded by its own monitor: the
 * Kafka listener writes while HTTP requests read.
 */
final class SessionWaveform {

    private final UUID sessionId;
    private final BlockSequencer sequencer = new BlockSequencer();
    private final int publishFrom;
    private TracePyramids pyramids;
    private final WaveformProperties properties;
    private final SpectrogramProperties spectrogramProperties;
    private SessionSpectrogram spectrogram;
    private long startMicros;
    private double sampleRate;
    private long peak;
    private volatile long updatedNanos = System.nanoTime();

    SessionWaveform(UUID sessionId, WaveformProperties properties, SpectrogramProperties spectrogramProperties) {
        this.sessionId = sessionId;
        this.properties = properties;
        this.spectrogramProperties = spectrogramProperties;
        this.publishFrom = properties.publishFrom();
    }

    /** Takes a block; returns the buckets that became final, ready to publish. */
    synchronized List<MinMaxBlock> accept(PcmBlock block) {
        updatedNanos = System.nanoTime();
        List<MinMaxBlock> out = new ArrayList<>();
        for (PcmBlock b : sequencer.accept(block)) {
            if (pyramids == null) {
                startMicros = b.startMicros();
                sampleRate = b.sampleRate();
                pyramids = new TracePyramids(properties.levelArray(),
                        new TraceProcessor(b.sampleRate(), Detrend.Mode.LINEAR, properties.highPassHz()));
                spectrogram = new SessionSpectrogram(b.sampleRate(), spectrogramProperties);
            }
            peak = Math.max(peak, b.peakCounts());
            b.appendTo(pyramids);
            b.appendTo(spectrogram);
            if (b.lastOfSession()) {
                pyramids.finish();
            }
            collect(pyramids.raw(), false, out);
            collect(pyramids.processed(), true, out);
        }
        return out;
    }

    private void collect(MinMaxPyramid pyramid, boolean processed, List<MinMaxBlock> out) {
        for (Buckets b : pyramid.drain()) {
            if (b.samplesPerBucket() >= publishFrom) {
                out.add(new MinMaxBlock(sessionId, b.samplesPerBucket(), processed, b.firstBucket(), startMicros,
                        sampleRate, b.mins(), b.maxs()));
            }
        }
    }

    /** A copy of one zoom level as far as it is known, or null if the session has no samples yet. */
    synchronized View view(int samplesPerBucket, boolean processed) {
        if (pyramids == null) {
            return null;
        }
        MinMaxPyramid pyramid = processed ? pyramids.processed() : pyramids.raw();
        int level = pyramid.levelOf(samplesPerBucket);
        if (level < 0) {
            throw new IllegalArgumentException("zoom " + samplesPerBucket + " is not kept; zoom levels are "
                    + properties.levels());
        }
        return new View(pyramid.buckets(level), startMicros, sampleRate, Math.max(peak, pyramid.peak()),
                sequencer.complete());
    }

    /** Bins up to {@code maxHz} and columns so far, for the budget check; null if the session has no samples yet. */
    synchronized long[] spectrogramSize(Double maxHz) {
        return spectrogram == null ? null : new long[] {spectrogram.binsUpTo(maxHz), spectrogram.columns()};
    }

    /** A copy of the spectrogram so far, cut to {@code bins} bins, or null if the session has no samples yet. */
    synchronized SpectrogramView spectrogram(int bins) {
        return spectrogram == null ? null : spectrogram.view(startMicros, bins, sequencer.complete());
    }

    /** How far the session is known: samples (gaps included) and whether its last block arrived. */
    synchronized Status status() {
        long positions = pyramids == null ? 0 : pyramids.raw().positions();
        long rawPeak = pyramids == null ? peak : Math.max(peak, pyramids.raw().peak());
        return new Status(sessionId, positions, sequencer.complete(), startMicros, sampleRate, rawPeak,
                properties.levels());
    }

    /**
     * @param peak largest |count| known for the session (the origin's, else the samples'): raw .dat/.json
     *             values are {@code round(v * 127 / peak)} (8-bit) or {@code round(v * 32767 / peak)}
     */
    record Status(UUID sessionId, long samples, boolean complete, long startMicros, double sampleRate, long peak,
            java.util.List<Integer> zoomLevels) {
    }

    /** Blocks have been released in session order: false for a session first seen mid-way (after a restart). */
    synchronized boolean started() {
        return pyramids != null;
    }

    /** Any block of the session arrived, released or waiting. */
    synchronized boolean hasBlocks() {
        return pyramids != null || sequencer.waiting() > 0;
    }

    long updatedNanos() {
        return updatedNanos;
    }

    record View(Buckets buckets, long startMicros, double sampleRate, long peak, boolean complete) {
    }
}
