package org.audifleet.player.station;

import java.util.OptionalLong;
import org.audifleet.player.engine.LoopRegion;
import org.audifleet.player.engine.PlaybackEngine;
import org.audifleet.player.engine.SoundFilters;

/**
 * The controls and position of one playing session, as keys and daemon controls see them. {@link #of} adapts a
 * {@link PlaybackEngine}; tests use their own.
 */
public interface Transport {

    /** Data-sample index being played (what the engine has handed to the output). */
    long position();

    /** Data samples buffered: valid positions are {@code [0, available())}. */
    long available();

    /** No more samples will arrive. */
    boolean complete();

    /** Data samples the engine wants buffered ahead before it plays (at the session's current rate). */
    long prerollSamples();

    double speed();

    void setSpeed(double multiplier);

    double volume();

    void setVolume(double volume);

    boolean paused();

    void pause();

    void resume();

    void seek(long sample);

    /** The last seek asked for that {@link #position()} does not show yet, or empty. */
    OptionalLong pendingSeek();

    void setLoop(long from, long to);

    void clearLoop();

    SoundFilters filters();

    void setFilters(SoundFilters filters);

    /** The loop in force, or null; a seek outside it clears it. */
    LoopRegion loop();

    static Transport of(PlaybackEngine engine) {
        return new Transport() {
            @Override
            public long position() {
                return engine.stats().sourcePosition();
            }

            @Override
            public long available() {
                return engine.buffer().available();
            }

            @Override
            public boolean complete() {
                return engine.buffer().complete();
            }

            @Override
            public long prerollSamples() {
                return engine.prerollSamples();
            }

            @Override
            public double speed() {
                return engine.speed();
            }

            @Override
            public void setSpeed(double multiplier) {
                engine.setSpeed(multiplier);
            }

            @Override
            public double volume() {
                return engine.volume();
            }

            @Override
            public void setVolume(double volume) {
                engine.setVolume(volume);
            }

            @Override
            public boolean paused() {
                return engine.isPaused();
            }

            @Override
            public void pause() {
                engine.pause();
            }

            @Override
            public void resume() {
                engine.resume();
            }

            @Override
            public void seek(long sample) {
                engine.seek(sample);
            }

            @Override
            public OptionalLong pendingSeek() {
                return engine.pendingSeek();
            }

            @Override
            public void setLoop(long from, long to) {
                engine.setLoop(from, to);
            }

            @Override
            public void clearLoop() {
                engine.clearLoop();
            }

            @Override
            public LoopRegion loop() {
                return engine.loop();
            }

            @Override
            public SoundFilters filters() {
                return engine.filters();
            }

            @Override
            public void setFilters(SoundFilters filters) {
                engine.setFilters(filters);
            }
        };
    }
}
